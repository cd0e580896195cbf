// log Σ exp(x) and log-softmax that stay exact where one term dominates. tfjs computes
// log-softmax as x - m - log Σ exp(x - m), and log Σ exp(x - m) = log(1 + tiny) rounds to 0
// in float32, so a near-certain outcome's log-probability (-e^{-50}, say) comes out as exactly
// 0 and KLs between sharp categoricals lose all their digits. Here the 1 contributed by the
// maximum is kept out of the sum and log1p takes the rest; log-softmax is formed as
// (x - m) - log1p(rest) without ever adding the tiny log1p to m.
import * as tf from '@tensorflow/tfjs';
import './comparison-gradients.js';
import { stopGradient } from './stop-gradient.js';

/**
 * For rows of x: the shift m (the row maximum, 0 for a row of -∞, held constant for the
 * gradient: any constant gives the same value) and ℓ = log Σ exp(x - m), both keeping the
 * last axis as size 1. ℓ is -∞ for a row of -∞. Its gradient is exactly softmax(x).
 */
function shifted(x: tf.Tensor): { m: tf.Tensor; d: tf.Tensor; ell: tf.Tensor } {
  const rawMax = stopGradient(tf.max(x, -1, true));
  const m = tf.where(tf.isFinite(rawMax), rawMax, tf.zerosLike(rawMax));
  const d = tf.sub(x, m);
  const isMax = tf.equal(d, 0);
  // At a maximum exp(d) - 1 = expm1(0) = 0 in value, but its derivative is still exp(d) = 1.
  const terms = tf.where(isMax, tf.expm1(d), tf.exp(d));
  const ties = tf.relu(tf.sub(tf.sum(tf.cast(isMax, 'float32'), -1, true), 1));
  const rest = tf.add(tf.sum(terms, -1, true), ties);
  const noMax = tf.equal(rawMax, -Infinity);
  const ell = tf.where(noMax, tf.fill(rawMax.shape, -Infinity), tf.log1p(tf.where(noMax, tf.zerosLike(rest), rest)));
  return { m, d, ell };
}

/** log Σₖ exp(xₖ) along the last axis (kept as size 1 when keepDims); -∞ for a row of -∞. */
export function logSumExp(x: tf.Tensor, keepDims = false): tf.Tensor {
  return tf.tidy(() => {
    const { m, ell } = shifted(x);
    const out = tf.add(m, ell);
    return keepDims ? out : tf.squeeze(out, [-1]);
  });
}

/** log softmax(x) along the last axis, exact for the dominant entry too. */
export function logSoftmax(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { d, ell } = shifted(x);
    return tf.sub(d, ell);
  });
}
