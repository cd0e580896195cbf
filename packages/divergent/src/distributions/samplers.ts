// Random variates tfjs cannot draw for tensor-valued parameters (tf.randomGamma takes one
// scalar shape parameter; there is no Poisson): drawn in float64 JS from the seeded Rng,
// one per entry, then handed back as a tensor.
import * as tf from '@tensorflow/tfjs';
import { lgammaNumber } from '../numerics/special.js';
import { Rng } from '../random.js';

/** Seeded generator for a draw; unseeded calls get a fresh random seed. */
export function rngFor(seed: number | undefined): Rng {
  return new Rng(seed ?? Math.floor(Math.random() * 2 ** 32));
}

/**
 * Standard Gamma(α, 1) draw: Marsaglia and Tsang (2000), "A simple method for generating
 * gamma variables"; α < 1 is boosted to α + 1 and scaled by U^{1/α} (their section 6).
 */
export function standardGamma(rng: Rng, alpha: number): number {
  if (alpha < 1) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    return standardGamma(rng, alpha + 1) * Math.exp(Math.log(u) / alpha);
  }
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Poisson(λ) draw: multiplication of uniforms for small λ, and Hörmann's transformed
 * rejection with squeeze (PTRS, "The transformed rejection method for generating Poisson
 * random variables", 1993) for λ ≥ 10, whose cost does not grow with λ.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = rng.uniform();
    while (prod > limit) {
      k++;
      prod *= rng.uniform();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const logLam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - lgammaNumber(k + 1)) return k;
  }
}

/**
 * `count` independent draws for every entry of `param` (already broadcast to the batch),
 * laid out as [count, ...param.shape]. With `width` > 1, the last axis of `param` holds
 * `width` numbers that parameterise one draw (laid out as [count, ...param.shape without it]).
 */
export function drawEach(param: tf.Tensor, count: number, rng: Rng, width: number, draw: (rng: Rng, p: ArrayLike<number>) => number): tf.Tensor {
  const p = param.dataSync();
  const entries = p.length / width;
  const out = new Float32Array(count * entries);
  for (let s = 0, o = 0; s < count; s++) for (let i = 0; i < entries; i++, o++) out[o] = draw(rng, p.subarray(i * width, (i + 1) * width));
  return tf.tensor(out, [count, ...(width > 1 ? param.shape.slice(0, -1) : param.shape)], 'float32');
}

/** Adapts a sampler of one scalar parameter to drawEach. */
export const scalar =
  (draw: (rng: Rng, p: number) => number) =>
  (rng: Rng, p: ArrayLike<number>): number =>
    draw(rng, p[0]);
