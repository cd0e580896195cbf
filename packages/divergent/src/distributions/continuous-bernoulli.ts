// ContinuousBernoulli({logits} | {probs}): the normalised density C(λ) λ^x (1-λ)^{1-x} on
// [0, 1] (Loaiza-Ganem and Cunningham, "The continuous Bernoulli: fixing a pervasive error
// in variational autoencoders", NeurIPS 2019): the proper likelihood for pixel intensities,
// where the Bernoulli's log-mass is not a density.
//
// In logits l = logit λ everything simplifies: C = l / tanh(l/2), the inverse CDF is
// log1p(u·expm1(l)) / l, the mean σ(l)/tanh(l/2) - 1/l and the variance 1/l² - 1/(4 sinh²(l/2)).
// Each is 0/0 at l = 0 and loses digits nearby, so below |l| = TAYLOR_CUT their Taylor series
// take over (terms through l⁸, error < 1e-8 at the cut).
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { binaryParams, type LogitsOrProbs } from './logits-or-probs.js';
import { check, Owned, type DistributionOptions, type Param } from './params.js';

const TAYLOR_CUT = 0.5;
// The inverse CDF is accurate in log1p/expm1 form down to tiny |l|; only l = 0 itself is 0/0.
const SAMPLE_TAYLOR_CUT = 1e-4;

/** Evaluates `exact` away from l = 0 and `series` near it, keeping NaN out of both branches' gradients. */
function nearZero(l: tf.Tensor, cut: number, exact: (l: tf.Tensor) => tf.Tensor, series: (l: tf.Tensor) => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const small = tf.less(tf.abs(l), cut);
    const safeExact = tf.where(small, tf.fill(l.shape, cut), l);
    const safeSeries = tf.where(small, l, tf.zerosLike(l));
    return tf.where(small, series(safeSeries), exact(safeExact));
  });
}

function poly(w: tf.Tensor, coefficients: number[]): tf.Tensor {
  let acc: tf.Tensor = tf.scalar(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, w), coefficients[i]);
  return acc;
}

/** log C(l) = log(l / tanh(l/2)). */
export function logNormaliser(l: tf.Tensor): tf.Tensor {
  return nearZero(
    l,
    TAYLOR_CUT,
    (x) => tf.sub(tf.log(tf.abs(x)), tf.log(tf.abs(tf.tanh(tf.mul(0.5, x))))),
    (x) => tf.add(Math.LN2, tf.mul(tf.square(x), poly(tf.square(x), [1 / 12, -7 / 1440, 31 / 90720, -127 / 4838400]))),
  );
}

export function meanOf(l: tf.Tensor): tf.Tensor {
  return nearZero(
    l,
    TAYLOR_CUT,
    (x) => tf.sub(tf.div(tf.sigmoid(x), tf.tanh(tf.mul(0.5, x))), tf.reciprocal(x)),
    (x) => tf.add(0.5, tf.mul(x, poly(tf.square(x), [1 / 12, -1 / 720, 1 / 30240, -1 / 1209600]))),
  );
}

function varianceOf(l: tf.Tensor): tf.Tensor {
  return nearZero(
    l,
    TAYLOR_CUT,
    (x) => tf.sub(tf.reciprocal(tf.square(x)), tf.reciprocal(tf.mul(4, tf.square(tf.sinh(tf.mul(0.5, x)))))),
    (x) => poly(tf.square(x), [1 / 12, -1 / 240, 1 / 6048, -1 / 172800, 1 / 5322240]),
  );
}

export class ContinuousBernoulli extends Distribution {
  readonly logits: tf.Tensor;

  constructor(params: LogitsOrProbs, options: DistributionOptions = {}) {
    const owned = new Owned();
    const logits = owned.guard(() => {
      const p = binaryParams('ContinuousBernoulli', params, owned, options.validate !== false);
      // λ = 0 or 1 leaves no density on [0, 1] (C → ∞): the parameter must be interior.
      if (options.validate !== false) {
        check(p.probs ? 'probs' : 'logits', p.logits, p.probs ? 'probs must lie strictly inside (0, 1)' : 'logits must be finite', Number.isFinite);
      }
      return p.logits;
    });
    super(owned, logits.shape, []);
    this.logits = logits;
  }

  /** λ = sigmoid(logits). */
  get probs(): tf.Tensor {
    return tf.sigmoid(this.logits);
  }

  override get hasRsample(): boolean {
    return true;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const l = this.logits;
      // log C + x log λ + (1-x) log(1-λ) = log C + x·l - softplus(l)
      const lp = tf.sub(tf.add(logNormaliser(l), tf.mul(x, l)), tf.softplus(l));
      const inside = tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1));
      return tf.where(inside, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.extendedShape(sampleShape), 0, 1, 'float32', seedStream(options.seed)());
      const l = tf.broadcastTo(this.logits, u.shape);
      return nearZero(
        l,
        SAMPLE_TAYLOR_CUT,
        (x) => {
          // expm1(l) overflows past l ≈ 88: for l > 1 use the equal 1 + log(u + (1-u)e^{-l}) / l,
          // which is accurate there (and inaccurate near 0, where the first form is not).
          const big = tf.greater(x, 1);
          const safeBig = tf.where(big, x, tf.fill(x.shape, 2));
          const safeRest = tf.where(big, tf.onesLike(x), x);
          const large = tf.add(1, tf.div(tf.log(tf.add(u, tf.mul(tf.sub(1, u), tf.exp(tf.neg(safeBig))))), safeBig));
          const rest = tf.div(tf.log1p(tf.mul(u, tf.expm1(safeRest))), safeRest);
          return tf.clipByValue(tf.where(big, large, rest), 0, 1);
        },
        (x) => tf.add(u, tf.mul(tf.mul(0.5, x), tf.mul(u, tf.sub(1, u)))),
      );
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const l = this.logits;
      // -E[log p(x)] = -(log C + E[x]·l - softplus(l))
      return tf.neg(tf.sub(tf.add(logNormaliser(l), tf.mul(meanOf(l), l)), tf.softplus(l)));
    });
  }

  get mean(): tf.Tensor {
    return meanOf(this.logits);
  }

  get variance(): tf.Tensor {
    return varianceOf(this.logits);
  }
}

