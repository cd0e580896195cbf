// The log-gamma function and its derivatives (digamma ψ, trigamma ψ′), which tfjs lacks.
// Beta, Gamma, Dirichlet and Poisson log-densities, entropies and KLs are made of them.
//
// Method: the recurrence Γ(x + 1) = xΓ(x) shifts x up by SHIFT, where the asymptotic
// (Stirling / de Moivre) series with a few Bernoulli-number terms is accurate to float32
// precision; the shift costs a sum of SHIFT logs (or reciprocals) and keeps no products that
// could overflow. Each function's gradient is the next one in the chain, attached with
// tf.customGrad so that gradients are exact derivatives rather than derivatives of the series.
// Domain: x > 0 (the distributions' concentrations and counts + 1); at x = 0 lgamma gives
// +Infinity and digamma -Infinity, as the limits from the right.
import * as tf from '@tensorflow/tfjs';

const SHIFT = 6;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Σ_{k<SHIFT} term(x + k), the recurrence's correction. */
function shiftSum(x: tf.Tensor, term: (y: tf.Tensor) => tf.Tensor): tf.Tensor {
  let acc = term(x);
  for (let k = 1; k < SHIFT; k++) acc = tf.add(acc, term(tf.add(x, k)));
  return acc;
}

/** Horner evaluation of Σ c_i w^i. */
function poly(w: tf.Tensor, coefficients: number[]): tf.Tensor {
  let acc: tf.Tensor = tf.scalar(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, w), coefficients[i]);
  return acc;
}

function lgammaValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.add(x, SHIFT);
    const w = tf.reciprocal(tf.square(z));
    // log Γ(z) ≈ (z - ½) log z - z + ½ log 2π + (1/z)(1/12 - w/360 + w²/1260 - w³/1680)
    const series = tf.div(poly(w, [1 / 12, -1 / 360, 1 / 1260, -1 / 1680]), z);
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, HALF_LOG_2PI));
    return tf.sub(stirling, shiftSum(x, tf.log));
  });
}

function digammaValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.add(x, SHIFT);
    const w = tf.reciprocal(tf.square(z));
    // ψ(z) ≈ log z - 1/(2z) - w(1/12 - w/120 + w²/252 - w³/240)
    const series = tf.mul(w, poly(w, [1 / 12, -1 / 120, 1 / 252, -1 / 240]));
    const asymptotic = tf.sub(tf.sub(tf.log(z), tf.div(0.5, z)), series);
    return tf.sub(asymptotic, shiftSum(x, tf.reciprocal));
  });
}

function trigammaValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.add(x, SHIFT);
    const w = tf.reciprocal(tf.square(z));
    // ψ′(z) ≈ 1/z + 1/(2z²) + (1/z³)(1/6 - w/30 + w²/42 - w³/30)
    const series = tf.div(tf.mul(w, poly(w, [1 / 6, -1 / 30, 1 / 42, -1 / 30])), z);
    const asymptotic = tf.add(tf.add(tf.reciprocal(z), tf.mul(0.5, w)), series);
    return tf.add(asymptotic, shiftSum(x, (y) => tf.reciprocal(tf.square(y))));
  });
}

/** ψ″(x), the gradient of trigamma; plain ops (third derivatives are not needed exactly). */
function tetragammaValue(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.add(x, SHIFT);
    const w = tf.reciprocal(tf.square(z));
    // ψ″(z) ≈ -1/z² - 1/z³ - (1/z⁴)(1/2 - w/6 + w²/6 - 3w³/10)
    const series = tf.mul(tf.square(w), poly(w, [1 / 2, -1 / 6, 1 / 6, -3 / 10]));
    const asymptotic = tf.neg(tf.add(tf.add(w, tf.div(w, z)), series));
    return tf.sub(asymptotic, tf.mul(2, shiftSum(x, (y) => tf.reciprocal(tf.pow(y, 3)))));
  });
}

/** An elementwise op with a value and an elementwise derivative, for tf.customGrad. */
function withDerivative(value: (x: tf.Tensor) => tf.Tensor, derivative: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([x]);
    return { value: value(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, derivative(saved[0])) };
  });
  return (x) => op(x);
}

const trigammaOp = withDerivative(trigammaValue, tetragammaValue);
const digammaOp = withDerivative(digammaValue, trigammaOp);
const lgammaOp = withDerivative(lgammaValue, digammaOp);

const asFloat = (x: tf.Tensor | tf.TensorLike): tf.Tensor => (x instanceof tf.Tensor ? tf.cast(x, 'float32') : tf.tensor(x, undefined, 'float32'));

/** log Γ(x) elementwise, x > 0; gradient digamma(x). */
export function lgamma(x: tf.Tensor | tf.TensorLike): tf.Tensor {
  return tf.tidy(() => lgammaOp(asFloat(x)));
}

/** ψ(x) = d/dx log Γ(x) elementwise, x > 0; gradient trigamma(x). */
export function digamma(x: tf.Tensor | tf.TensorLike): tf.Tensor {
  return tf.tidy(() => digammaOp(asFloat(x)));
}

/** ψ′(x) elementwise, x > 0; differentiable. */
export function trigamma(x: tf.Tensor | tf.TensorLike): tf.Tensor {
  return tf.tidy(() => trigammaOp(asFloat(x)));
}

/** log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b). */
export function lbeta(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.add(lgamma(a), lgamma(b)), lgamma(tf.add(a, b))));
}

/** log Γ(x) for a JS number (float64), x > 0, for samplers and CDFs working outside tensors. */
export function lgammaNumber(x: number): number {
  // float64 wants a longer shift than float32: from z ≥ 15 the series is good to ~1e-16.
  let shift = 0;
  let z = x;
  for (; z < 15; z++) shift += Math.log(z);
  const w = 1 / (z * z);
  const series = (1 / 12 + w * (-1 / 360 + w * (1 / 1260 - w / 1680))) / z;
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + series - shift;
}
