// Central finite differences of a scalar tensor function: the oracle the gradient tests of
// numerics/ and distributions/ compare tf.grad against.
import * as tf from '@tensorflow/tfjs';

/**
 * ∂f/∂x by central differences, one coordinate at a time, with step h·max(1, |x_i|).
 * float32 rounding makes the error about h² + 1e-7/h: h = 1e-2 gives ~1e-4 relative.
 */
export function numericalGradient(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h = 1e-2): Float32Array {
  const base = Float32Array.from(x.dataSync());
  const out = new Float32Array(base.length);
  const at = (v: Float32Array): number => tf.tidy(() => tf.sum(f(tf.tensor(v, x.shape, 'float32'))).dataSync()[0]);
  for (let i = 0; i < base.length; i++) {
    const step = h * Math.max(1, Math.abs(base[i]));
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] += step;
    minus[i] -= step;
    // Use the steps actually represented in float32, not the intended ones.
    out[i] = (at(plus) - at(minus)) / (plus[i] - minus[i]);
  }
  return out;
}

/** Number of tensors `fn` left allocated (0 for a leak-free function whose results it disposed). */
export function leakedTensors(fn: () => void): number {
  const before = tf.memory().numTensors;
  fn();
  return tf.memory().numTensors - before;
}

/** tf.grad of f at x against central differences: the largest |analytic - numeric| / (1 + |numeric|). */
export function gradientError(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h = 1e-2): number {
  const analytic = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(f(v)))(x).dataSync());
  const numeric = numericalGradient(f, x, h);
  let worst = 0;
  for (let i = 0; i < numeric.length; i++) {
    const err = Math.abs(analytic[i] - numeric[i]) / (1 + Math.abs(numeric[i]));
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}
