// MultivariateNormal(loc, {scaleTril} | {covariance}): a Gaussian over vectors with full
// covariance Σ = L Lᵀ. Everything goes through the lower-triangular factor L (a Cholesky
// factor when a covariance is given): densities by triangular solves, never an inverse.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { cholesky, diagPart, isPositiveDefiniteFactor } from '../numerics/cholesky.js';
import { stopGradient } from '../numerics/stop-gradient.js';
import { solveLowerTriangular } from '../numerics/triangular-solve.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { HALF_LOG_2PI } from './normal.js';
import { broadcastShapes, check, checkMinRank, isFinite, Owned, type DistributionOptions, type Param } from './params.js';

export type ScaleOrCovariance = { scaleTril: Param; covariance?: undefined } | { covariance: Param; scaleTril?: undefined };

export class MultivariateNormal extends Distribution {
  readonly loc: tf.Tensor;
  /** Lower-triangular L with Σ = L Lᵀ, [..., n, n]. */
  readonly scaleTril: tf.Tensor;

  constructor(loc: Param, scale: ScaleOrCovariance, options: DistributionOptions = {}) {
    const owned = new Owned();
    const [l, tril, batch] = owned.guard(() => {
      const validate = options.validate !== false;
      const given = scale == null ? 0 : (scale.scaleTril !== undefined ? 1 : 0) + (scale.covariance !== undefined ? 1 : 0);
      if (given !== 1) throw new DivergentInputError('MultivariateNormal', 'pass exactly one of { scaleTril } or { covariance }');
      const l = owned.param('loc', loc);
      checkMinRank('loc', l, 1, 'a vector (the last axis is the event)');
      if (validate) check('loc', l, 'loc must be finite', isFinite);
      const n = l.shape[l.rank - 1];
      const name = scale.scaleTril !== undefined ? 'scaleTril' : 'covariance';
      const m = owned.param(name, scale.scaleTril ?? scale.covariance);
      if (m.rank < 2 || m.shape[m.rank - 1] !== n || m.shape[m.rank - 2] !== n) {
        throw new DivergentInputError(name, `expected shape [..., ${n}, ${n}] to match loc's event size ${n}, got [${m.shape}]`);
      }
      let tril = m;
      if (scale.covariance !== undefined) {
        if (validate) checkSymmetric(m);
        tril = owned.keep(cholesky(m));
        if (validate && !isPositiveDefiniteFactor(tril)) {
          throw new DivergentInputError('covariance', 'is not positive definite (its Cholesky factorisation failed): every eigenvalue must be > 0');
        }
      } else if (validate) {
        checkLowerTriangular(m);
      }
      const batch = broadcastShapes(['loc batch dimensions', `${name} batch dimensions`], [l.shape.slice(0, -1), m.shape.slice(0, -2)]);
      return [l, tril, batch] as const;
    });
    super(owned, batch, [l.shape[l.rank - 1]]);
    this.loc = l;
    this.scaleTril = tril;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** Σ = L Lᵀ, [...batchShape, n, n]. */
  get covariance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.matMul(this.scaleTril, this.scaleTril, false, true), [...this.batchShape, ...this.eventShape, ...this.eventShape]));
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0];
      const diff = tf.sub(this.value(value), this.loc);
      const maha = mahalanobisSquared(this.scaleTril, diff);
      const halfLogDet = tf.sum(tf.log(diagPart(this.scaleTril)), -1);
      return tf.neg(tf.add(tf.add(tf.mul(0.5, maha), halfLogDet), n * HALF_LOG_2PI));
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.extendedShape(sampleShape), 0, 1, 'float32', seedStream(options.seed)());
      // (L ε)ᵢ = Σⱼ Lᵢⱼ εⱼ, broadcast over sample and batch dimensions.
      return tf.add(this.loc, tf.sum(tf.mul(this.scaleTril, tf.expandDims(eps, -2)), -1));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0];
      const halfLogDet = tf.sum(tf.log(diagPart(this.scaleTril)), -1);
      return tf.broadcastTo(tf.add(halfLogDet, n * (0.5 + HALF_LOG_2PI)), this.batchShape);
    });
  }

  get mean(): tf.Tensor {
    return tf.broadcastTo(this.loc, [...this.batchShape, ...this.eventShape]);
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(this.scaleTril), -1), [...this.batchShape, ...this.eventShape]));
  }
}

/**
 * ‖L⁻¹ d‖² for d [..., n] against L [..., n, n], broadcasting their leading dimensions.
 * Extra leading dimensions of d (sample dimensions) become columns of one batched solve,
 * so L is never copied per sample.
 */
export function mahalanobisSquared(l: tf.Tensor, d: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = l.shape[l.rank - 1];
    const lBatch = l.shape.slice(0, -2);
    const full = broadcastShapes(['value', 'scaleTril'], [d.shape.slice(0, -1), lBatch]);
    const extra = full.length - lBatch.length;
    const batch = full.slice(extra);
    const sampleDims = full.slice(0, extra);
    const s = sampleDims.reduce((a, b) => a * b, 1);
    const rank = batch.length;
    // [S, ...batch, n] → [...batch, n, S]
    const cols = tf.transpose(tf.reshape(tf.broadcastTo(d, [...full, n]), [s, ...batch, n]), [...Array.from({ length: rank }, (_, i) => i + 1), rank + 1, 0]);
    const y = solveLowerTriangular(tf.broadcastTo(l, [...batch, n, n]), cols);
    const sq = tf.sum(tf.square(y), -2); // [...batch, S]
    const back = tf.transpose(sq, [rank, ...Array.from({ length: rank }, (_, i) => i)]);
    return tf.reshape(back, full);
  });
}

function checkLowerTriangular(m: tf.Tensor): void {
  const n = m.shape[m.rank - 1];
  const upper = tf.tidy(() => tf.sub(m, tf.linalg.bandPart(m, -1, 0)));
  try {
    check('scaleTril', upper, 'scaleTril must be lower triangular (entries above the diagonal must be 0)', (v) => v === 0);
  } finally {
    upper.dispose();
  }
  const diag = tf.tidy(() => diagPart(m));
  try {
    check('scaleTril diagonal', diag, `the diagonal of scaleTril (${n} entries per matrix) must be finite and > 0`, (v) => v > 0 && Number.isFinite(v));
  } finally {
    diag.dispose();
  }
  check('scaleTril', m, 'scaleTril must be finite', isFinite);
}

function checkSymmetric(m: tf.Tensor): void {
  const rank = m.rank;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  const asym = tf.tidy(() => tf.div(tf.abs(tf.sub(m, tf.transpose(m, perm))), tf.add(1, tf.abs(m))));
  try {
    check('covariance', asym, 'covariance must be symmetric (shown: |Σᵢⱼ - Σⱼᵢ| / (1 + |Σᵢⱼ|), allowed up to 1e-5)', (v) => v <= 1e-5);
  } finally {
    asym.dispose();
  }
}
