// Tensors in, differentiable distributions out. A tensor is checked with one small reduction
// read back to JS; only when that finds a problem is the tensor read whole, through the array
// path, to name the offending entry with the same message an array would get.
//
// Off their support, log-probabilities are held as 0 rather than -Infinity and every term is
// selected with tf.where, so that no branch that is not taken can send NaN into a gradient.
// The supports are computed from a constant copy of the values: tfjs registers no gradient for
// comparisons or logical ops, so a mask computed from the differentiated tensor breaks tf.grad.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { readDist, sumTolerance } from './input.js';
import type { CheckedOptions } from './options.js';

export interface TensorDist {
  /** Probabilities (0 off the support). */
  p: tf.Tensor;
  /** log p on the support, 0 off it. */
  logp: tf.Tensor;
  /** p > 0, decided on the input (for logits: > -Infinity) so that underflow does not shrink it; a constant. */
  support: tf.Tensor;
  /** The non-negative distribution axis. */
  axis: number;
}

/** Reads a tensor argument; call inside tf.tidy. */
export function readTensorDist(x: tf.Tensor, name: string, o: CheckedOptions): TensorDist {
  const rank = x.rank;
  const axis = o.axis < 0 ? rank + o.axis : o.axis;
  if (rank === 0 || axis < 0 || axis >= rank) {
    throw new DivergentInputError('axis', `${o.axis} is out of range for ${name} of shape [${x.shape.join(', ')}]`);
  }
  if (x.size === 0) throw new DivergentInputError(name, `is empty (shape [${x.shape.join(', ')}])`);
  const v = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  const tol = sumTolerance(true);
  const inLogSpace = o.from === 'logits' || o.from === 'logprobs';
  const allTrue = (t: tf.Tensor) => tf.all(t);
  let ok: tf.Tensor;
  if (!inLogSpace) {
    const entriesOk = allTrue(tf.logicalAnd(tf.greaterEqual(v, 0), tf.isFinite(v)));
    const sums = tf.sum(v, axis);
    const sumsOk = o.from === 'probs' && !o.normalize ? tf.lessEqual(tf.abs(tf.sub(sums, 1)), tol) : tf.greater(sums, 0);
    ok = tf.logicalAnd(entriesOk, allTrue(sumsOk));
  } else {
    const entriesOk = allTrue(tf.logicalNot(tf.logicalOr(tf.isNaN(v), tf.equal(v, Infinity))));
    const rowsOk = allTrue(tf.greater(tf.max(v, axis), -Infinity));
    ok = tf.logicalAnd(entriesOk, rowsOk);
    if (o.from === 'logprobs' && !o.normalize) {
      ok = tf.logicalAnd(ok, allTrue(tf.lessEqual(tf.abs(tf.sub(tf.sum(tf.exp(v), axis), 1)), tol)));
    }
  }
  if (!ok.dataSync()[0]) {
    readDist(v.arraySync(), name, o, false, true);
    throw new DivergentInputError(name, 'is not a valid distribution');
  }
  const support = tf.greater(tf.tensor(v.dataSync(), v.shape, 'float32'), inLogSpace ? -Infinity : 0);
  if (!inLogSpace) {
    const p = o.from === 'probs' && !o.normalize ? v : tf.div(v, tf.sum(v, axis, true));
    return { p, logp: tf.log(tf.where(support, p, 1)), support, axis };
  }
  const normalise = o.from === 'logits' || o.normalize;
  const l = normalise ? logSoftmaxAlong(v, axis) : v;
  const logp = tf.where(support, l, 0);
  return { p: tf.where(support, tf.exp(logp), 0), logp, support, axis };
}

/**
 * log-softmax along any axis as (x - max) - log Σ exp(x - max), subtracting the two parts one at
 * a time so that logits of ±1e4 stay exact (tf.logSumExp adds them first and loses digits;
 * tf.logSoftmax allows only the last axis). The gradients through max cancel, as they should.
 */
function logSoftmaxAlong(x: tf.Tensor, axis: number): tf.Tensor {
  const shifted = tf.sub(x, tf.max(x, axis, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
}

/** Refuses a second tensor whose shape differs from the first's. */
export function checkSameTensorShape(a: tf.Tensor, nameA: string, b: tf.Tensor, nameB: string): void {
  if (a.rank === b.rank && a.shape.every((n, i) => n === b.shape[i])) return;
  throw new DivergentInputError(nameB, `shape [${b.shape.join(', ')}] does not match ${nameA}'s shape [${a.shape.join(', ')}]`);
}

/** Converts a result in nats to the requested base. */
export function inBase(nats: tf.Tensor, lnBase: number): tf.Tensor {
  return lnBase === 1 ? nats : tf.div(nats, lnBase);
}
