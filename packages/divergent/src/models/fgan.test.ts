import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { F_GAN_DIVERGENCES, F_GAN_OBJECTIVES, type FGanDivergence } from '../info/f-divergences.js';
import { fDivergence } from '../info/f-divergence.js';
import { Rng } from '../random.js';
import { fGan } from './fgan.js';

beforeAll(async () => {
  await initBackend();
});

// The optimal critic's raw output v* = g_f^{-1}(f'(r)) as a function of L = log r, r = p/q,
// worked by hand from Table 2 of Nowozin et al. (e.g. js: g = log 2 - softplus(-v) and
// f'(r) = log(2r/(1+r)) give σ(v) = r/(1+r), so v = L).
const OPTIMAL_LOGIT: Record<FGanDivergence, (L: number) => number> = {
  kl: (L) => 1 + L,
  'reverse-kl': (L) => L,
  js: (L) => L,
  pearson: (L) => 2 * Math.expm1(L),
  'squared-hellinger': (L) => L / 2,
  gan: (L) => L,
};

describe('f-GAN conjugate pairs', () => {
  it.each(F_GAN_DIVERGENCES)('%s: Fenchel-Young f*(t) >= t·u - f(u) on a grid, with equality at t = f\'(u)', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    const us = Array.from({ length: 40 }, (_, i) => 0.05 * 1.2 ** i); // 0.05 .. ~60
    const [lo, hi] = o.conjugateDomain;
    const ts = Array.from({ length: 41 }, (_, i) => -6 + 0.3 * i).filter((t) => t > lo && t < hi);
    for (const u of us) {
      for (const t of ts) expect(o.conjugate(t)).toBeGreaterThanOrEqual(t * u - o.f(u) - 1e-9);
      const t = o.fPrime(u);
      expect(o.conjugate(t)).toBeCloseTo(t * u - o.f(u), 9);
    }
  });

  it.each(F_GAN_DIVERGENCES)('%s: g_f maps into dom f*, and f*(g_f(v)) in closed form agrees with the composition', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    for (let v = -5; v <= 5; v += 0.25) {
      const t = o.activation(v);
      expect(t).toBeLessThan(o.conjugateDomain[1]);
      expect(o.conjugateOfActivation(v)).toBeCloseTo(o.conjugate(t), 9);
    }
  });
});

describe('the variational bound at the optimal critic', () => {
  // Discrete p, q: the bound is a finite sum, so it must equal scale·fDivergence + offset to rounding.
  const p = [0.1, 0.2, 0.3, 0.15, 0.25];
  const q = [0.3, 0.1, 0.2, 0.25, 0.15];
  it.each(F_GAN_DIVERGENCES)('%s: equals scale · fDivergence(p, q) + offset exactly', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    let bound = 0;
    for (let i = 0; i < p.length; i++) {
      const v = OPTIMAL_LOGIT[name](Math.log(p[i] / q[i]));
      bound += p[i] * o.activation(v) - q[i] * o.conjugateOfActivation(v);
    }
    const d = fDivergence(p, q, o.divergence) as number;
    expect(bound).toBeCloseTo(o.scale * d + o.offset, 12);
  });

  // P = N(0, 1), Q = N(1, 1): log(p/q)(x) = 1/2 - x. True values: KL both ways Δ²/2 = 0.5;
  // Pearson χ² = e^{Δ²} - 1; Σ(√p - √q)² = 2(1 - e^{-Δ²/8}); JS = 0.11142148218473619
  // (scipy.integrate.quad of the definition, scipy 1.10.1), so 'js' = 2·JS and 'gan' = 2·JS - log 4.
  const JS = 0.11142148218473619;
  const TRUE: Record<FGanDivergence, number> = {
    kl: 0.5,
    'reverse-kl': 0.5,
    pearson: Math.E - 1,
    'squared-hellinger': 2 * (1 - Math.exp(-1 / 8)),
    js: 2 * JS,
    gan: 2 * JS - Math.log(4),
  };
  const n = 50_000;
  const rng = new Rng(11);
  const xp = Float32Array.from({ length: n }, () => rng.normal());
  const xq = Float32Array.from({ length: n }, () => 1 + rng.normal());

  it.each(F_GAN_DIVERGENCES)('%s: fGan(...).value on samples recovers the true divergence within 4 standard errors', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    const before = tf.memory().numTensors;
    const vReal = tf.tensor1d(xp.map((x) => OPTIMAL_LOGIT[name](0.5 - x)));
    const vFake = tf.tensor1d(xq.map((x) => OPTIMAL_LOGIT[name](0.5 - x)));
    const value = fGan(name).value(vReal, vFake);
    const estimate = value.dataSync()[0];
    // The standard error of a difference of two independent sample means.
    const tP = o.activation(vReal);
    const tQ = o.conjugateOfActivation(vFake);
    const [termsP, termsQ] = [tP.dataSync(), tQ.dataSync()];
    const variance = (a: ArrayLike<number>) => {
      let m = 0;
      for (let i = 0; i < a.length; i++) m += a[i] / a.length;
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2 / (a.length - 1);
      return s;
    };
    const se = Math.sqrt(variance(termsP) / n + variance(termsQ) / n);
    tf.dispose([vReal, vFake, value, tP, tQ]);
    expect(Math.abs(estimate - TRUE[name])).toBeLessThan(4 * se + 1e-5);
    expect(se).toBeLessThan(0.05 * Math.max(1, TRUE[name])); // the check is not vacuous
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a critic away from the optimum gives a strictly smaller bound (it is a lower bound)', () => {
    const vReal = tf.tensor1d(xp.map((x) => OPTIMAL_LOGIT.kl(0.5 - x) * 0.5));
    const vFake = tf.tensor1d(xq.map((x) => OPTIMAL_LOGIT.kl(0.5 - x) * 0.5));
    const value = fGan('kl').value(vReal, vFake).dataSync()[0];
    tf.dispose([vReal, vFake]);
    expect(value).toBeLessThan(0.5 - 0.05);
  });
});

describe('f-GAN generator losses', () => {
  it('non-saturating is -E_Q[g_f(v)], saturating is -E_Q[f*(g_f(v))] (js, by hand)', () => {
    const v = tf.tensor1d([-1, 0, 2]);
    const g = [-1, 0, 2].map((x) => Math.LN2 - Math.log1p(Math.exp(-x)));
    const fstar = g.map((t) => -Math.log(2 - Math.exp(t)));
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    expect(fGan('js').generatorLoss(v).dataSync()[0]).toBeCloseTo(-mean(g), 6);
    expect(fGan('js', { saturating: true }).generatorLoss(v).dataSync()[0]).toBeCloseTo(-mean(fstar), 6);
    v.dispose();
  });

  it('an unknown divergence is refused with the valid names', () => {
    expect(() => fGan('wasserstein')).toThrow(/divergence.*wasserstein.*valid: kl, reverse-kl, js, pearson, squared-hellinger, gan/);
  });
});
