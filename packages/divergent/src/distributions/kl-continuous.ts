// Closed-form KL divergences of the Laplace and Uniform families, and the pairs whose supports
// do not nest (p puts mass where q has none), whose KL is +∞.
import * as tf from '@tensorflow/tfjs';
import type { Distribution } from './distribution.js';
import { Beta } from './beta.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { registerKL, type DistributionClass } from './kl-registry.js';
import { Laplace } from './laplace.js';
import { HALF_LOG_2PI, Normal } from './normal.js';
import { Uniform } from './uniform.js';

/** KL(Laplace(μ₁, b₁) ‖ Laplace(μ₂, b₂)) = log(b₂/b₁) + |μ₁-μ₂|/b₂ + (b₁/b₂) e^{-|μ₁-μ₂|/b₁} - 1. */
registerKL(Laplace, Laplace, (p: Laplace, q: Laplace) =>
  tf.tidy(() => {
    const ratio = tf.div(p.scale, q.scale);
    const dist = tf.abs(tf.sub(p.loc, q.loc));
    const t = tf.add(tf.neg(tf.log(ratio)), tf.div(dist, q.scale));
    return tf.sub(tf.add(t, tf.mul(ratio, tf.exp(tf.neg(tf.div(dist, p.scale))))), 1);
  }),
);

/** KL(U[a₁, b₁] ‖ U[a₂, b₂]) = log((b₂-a₂)/(b₁-a₁)) when [a₁, b₁] ⊆ [a₂, b₂], else +∞. */
registerKL(Uniform, Uniform, (p: Uniform, q: Uniform) =>
  tf.tidy(() => {
    const value = tf.sub(tf.log(tf.sub(q.high, q.low)), tf.log(tf.sub(p.high, p.low)));
    const nested = tf.logicalAnd(tf.greaterEqual(p.low, q.low), tf.lessEqual(p.high, q.high));
    return tf.where(nested, value, tf.fill(value.shape, Infinity));
  }),
);

/** KL(U[a, b] ‖ N(μ, σ²)) = -log(b-a) + log σ + ½log 2π + E[(x-μ)²]/(2σ²), E[(x-μ)²] = ((b-μ)³ - (a-μ)³) / (3(b-a)). */
registerKL(Uniform, Normal, (p: Uniform, q: Normal) =>
  tf.tidy(() => {
    const width = tf.sub(p.high, p.low);
    const hi = tf.sub(p.high, q.loc);
    const lo = tf.sub(p.low, q.loc);
    // (h³ - l³) / (h - l) = h² + hl + l², without dividing a difference of cubes.
    const second = tf.div(tf.add(tf.add(tf.square(hi), tf.mul(hi, lo)), tf.square(lo)), 3);
    const t = tf.sub(tf.log(q.scale), tf.log(width));
    return tf.add(tf.add(t, HALF_LOG_2PI), tf.div(second, tf.mul(2, tf.square(q.scale))));
  }),
);

/** KL(p ‖ q) = +∞ of the broadcast batch shape, for supports that do not nest. */
function infinite(p: Distribution, q: Distribution): tf.Tensor {
  return tf.fill(tf.broadcast_util.assertAndGetBroadcastShape(p.batchShape, q.batchShape), Infinity);
}

const realLine: DistributionClass[] = [Normal, Laplace];
const halfLine: DistributionClass[] = [Exponential, Gamma];
const bounded: DistributionClass[] = [Uniform, Beta];
// ℝ is not inside [0, ∞) or a bounded interval; [0, ∞) is not inside a bounded interval.
for (const P of realLine) for (const Q of [...halfLine, ...bounded]) registerKL(P, Q, infinite);
for (const P of halfLine) for (const Q of bounded) registerKL(P, Q, infinite);
