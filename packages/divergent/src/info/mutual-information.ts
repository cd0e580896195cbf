// Mutual information and conditional entropy of a 2-D joint table (rows = X, columns = Y):
//   I(X; Y) = Σ p(x,y)·log(p(x,y) / (p(x)·p(y))) = KL(P_XY || P_X ⊗ P_Y) >= 0
//   H(X | Y) = -Σ p(x,y)·log(p(x,y) / p(y)) = H(X) - I(X; Y)
// each summed directly rather than as a difference of entropies, which would cancel.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { isTensor, nonNegative } from './dispatch.js';
import { readRows, sumTolerance } from './input.js';
import { checkOptions, type From, type MeasureOptions } from './options.js';
import { inBase, readTensorDist } from './tensor-input.js';

export type JointInput = readonly (number[] | Float32Array | Float64Array)[] | tf.Tensor;

export interface JointOptions extends Omit<MeasureOptions, 'axis'> {
  /** 'probs' (default: entries sum to 1) or 'counts' (a contingency table). */
  from?: Extract<From, 'probs' | 'counts'>;
}

function checkFrom(from: string): void {
  if (from !== 'probs' && from !== 'counts') {
    throw new DivergentInputError('from', `${JSON.stringify(from)} does not describe a joint table; use 'probs' or 'counts'`);
  }
}

/** The joint table as probabilities, validated whole (it is one distribution over pairs). */
function readJoint(joint: unknown, from: string, normalize: boolean): { p: Float64Array; nx: number; ny: number } {
  const t = readRows(joint, 'joint', -1);
  if (t.shape.length !== 2) {
    throw new DivergentInputError('joint', `has shape [${t.shape.join(', ')}]; a joint table is 2-D (rows = X, columns = Y)`);
  }
  let sum = 0;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (!(v >= 0) || v === Infinity) {
      throw new DivergentInputError('joint', `entry [${Math.floor(i / t.cols)}, ${i % t.cols}] is ${v}; ${from} must be finite and >= 0`);
    }
    sum += v;
  }
  const tol = sumTolerance(t.float32);
  if (from === 'probs' && !normalize && !(Math.abs(sum - 1) <= tol)) {
    throw new DivergentInputError('joint', `sums to ${sum}, not 1 (tolerance ${tol}); pass a joint distribution, from: 'counts', or normalize: true`);
  }
  if (!(sum > 0)) throw new DivergentInputError('joint', 'sums to 0; a table needs at least one positive entry');
  const p = from === 'probs' && !normalize ? t.data : t.data.map((v) => v / sum);
  return { p, nx: t.rows, ny: t.cols };
}

function marginals(p: Float64Array, nx: number, ny: number): { px: Float64Array; py: Float64Array } {
  const px = new Float64Array(nx);
  const py = new Float64Array(ny);
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      px[x] += p[x * ny + y];
      py[y] += p[x * ny + y];
    }
  }
  return { px, py };
}

type JointMeasure = 'mi' | 'conditional';

function jointMeasure(kind: JointMeasure, joint: JointInput, opts: JointOptions | undefined): number | tf.Tensor {
  const o = checkOptions({ ...opts, axis: -1 });
  checkFrom(o.from);
  if (isTensor(joint)) {
    return tf.tidy(() => {
      if (joint.rank !== 2) {
        throw new DivergentInputError('joint', `has shape [${joint.shape.join(', ')}]; a joint table is 2-D (rows = X, columns = Y)`);
      }
      // The table is one distribution over (x, y) pairs.
      const J = readTensorDist(tf.reshape(joint, [joint.size]), 'joint', o);
      const pxy = tf.reshape(J.p, joint.shape);
      const lxy = tf.reshape(J.logp, joint.shape);
      const support = tf.reshape(J.support, joint.shape);
      // A marginal is positive where its row or column meets the (constant) support.
      const marginalLog = (ax: number) => tf.log(tf.where(tf.any(support, ax, true), tf.sum(pxy, ax, true), 1));
      let inner = tf.sub(lxy, marginalLog(0));
      if (kind === 'mi') inner = tf.sub(inner, marginalLog(1));
      const s = tf.sum(tf.where(support, tf.mul(pxy, inner), 0));
      return inBase(tf.maximum(kind === 'mi' ? s : tf.neg(s), 0), o.lnBase);
    });
  }
  const { p, nx, ny } = readJoint(joint, o.from, o.normalize);
  const { px, py } = marginals(p, nx, ny);
  let s = 0;
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      const v = p[x * ny + y];
      if (v > 0) s += v * Math.log(kind === 'mi' ? v / px[x] / py[y] : v / py[y]);
    }
  }
  return nonNegative(kind === 'mi' ? s : -s) / o.lnBase;
}

/** I(X; Y) of a joint table, rows = X, columns = Y (probabilities or, with from: 'counts', counts). */
export function mutualInformation<T extends JointInput>(joint: T, opts?: JointOptions): T extends tf.Tensor ? tf.Tensor : number {
  return jointMeasure('mi', joint, opts) as T extends tf.Tensor ? tf.Tensor : number;
}

/** H(X | Y) of a joint table, rows = X, columns = Y. */
export function conditionalEntropy<T extends JointInput>(joint: T, opts?: JointOptions): T extends tf.Tensor ? tf.Tensor : number {
  return jointMeasure('conditional', joint, opts) as T extends tf.Tensor ? tf.Tensor : number;
}
