import { describe, expect, it } from 'vitest';
import { fDivergence } from './f-divergence.js';
import { jsDivergence } from './js.js';
import { klDivergence } from './kl.js';

// Reference values from numpy on p = [0.1, 0.2, 0.7], q = [0.3, 0.3, 0.4]:
// Σ(p-q)²/q = 0.3916666666666665, Σ(p-q)²/p = 0.5785714285714284,
// Σ(√p-√q)² = 0.10539136550375267, ½Σ|p-q| = 0.3.
const p = [0.1, 0.2, 0.7];
const q = [0.3, 0.3, 0.4];

describe('fDivergence', () => {
  it('gives the closed forms of each named f', () => {
    expect(fDivergence(p, q, 'kl')).toBeCloseTo(klDivergence(p, q) as number, 15);
    expect(fDivergence(p, q, 'reverse-kl')).toBeCloseTo(klDivergence(q, p) as number, 15);
    expect(fDivergence(p, q, 'js')).toBeCloseTo(jsDivergence(p, q) as number, 15);
    expect(fDivergence(p, q, 'pearson')).toBeCloseTo(0.3916666666666665, 15);
    expect(fDivergence(p, q, 'neyman')).toBeCloseTo(0.5785714285714284, 15);
    expect(fDivergence(p, q, 'squared-hellinger')).toBeCloseTo(0.10539136550375267, 15);
    expect(fDivergence(p, q, 'total-variation')).toBeCloseTo(0.3, 15);
    expect(fDivergence(p, q, 'jeffreys')).toBeCloseTo((klDivergence(p, q) as number) + (klDivergence(q, p) as number), 15);
  });

  it('alpha family: 2 gives Pearson/2, 1/2 gives 4(1 - Σ√(pq)), and tends to KL and reverse KL', () => {
    expect(fDivergence(p, q, { alpha: 2 })).toBeCloseTo(0.3916666666666665 / 2, 15);
    const bc = p.reduce((s, x, i) => s + Math.sqrt(x * q[i]), 0);
    expect(fDivergence(p, q, { alpha: 0.5 })).toBeCloseTo(4 * (1 - bc), 14);
    expect(fDivergence(p, q, { alpha: 1 })).toBeCloseTo(klDivergence(p, q) as number, 15);
    expect(fDivergence(p, q, { alpha: 1 + 1e-7 })).toBeCloseTo(klDivergence(p, q) as number, 7);
    expect(fDivergence(p, q, { alpha: 0 })).toBeCloseTo(klDivergence(q, p) as number, 15);
    expect(fDivergence(p, q, { alpha: -1e-7 })).toBeCloseTo(klDivergence(q, p) as number, 7);
  });

  it('takes p·lim f(u)/u where q = 0 < p: infinite for KL, Pearson, Jeffreys; finite for JS, TV, Hellinger, alpha < 1', () => {
    const a = [0.5, 0.5];
    const b = [1, 0];
    expect(fDivergence(a, b, 'kl')).toBe(Infinity);
    expect(fDivergence(a, b, 'pearson')).toBe(Infinity);
    expect(fDivergence(a, b, 'jeffreys')).toBe(Infinity);
    expect(fDivergence(a, b, { alpha: 2 })).toBe(Infinity);
    // JS: ½[0.5·log(2·0.5/1.5) + 1·log(2/1.5)] + ½·0.5·ln2, worked by hand.
    expect(fDivergence(a, b, 'js')).toBeCloseTo(0.5 * (0.5 * Math.log(1 / 1.5) + Math.log(2 / 1.5)) + 0.25 * Math.LN2, 15);
    expect(fDivergence(a, b, 'total-variation')).toBeCloseTo(0.5, 15);
    expect(fDivergence(a, b, 'squared-hellinger')).toBeCloseTo((Math.sqrt(0.5) - 1) ** 2 + 0.5, 15);
    expect(fDivergence(a, b, 'neyman')).toBeCloseTo(0.25 / 0.5 + 0.5, 15);
    // alpha = 1/2: q·f(u) summed, with 0.5·(1/(1 - 1/2)) = 1 for the lone p.
    expect(fDivergence(a, b, { alpha: 0.5 })).toBeCloseTo(4 * (1 - Math.sqrt(0.5)), 14);
  });

  it('takes q·f(0) where p = 0 < q: infinite for reverse KL, Neyman and Jeffreys', () => {
    const a = [1, 0];
    const b = [0.5, 0.5];
    expect(fDivergence(a, b, 'reverse-kl')).toBe(Infinity);
    expect(fDivergence(a, b, 'neyman')).toBe(Infinity);
    expect(fDivergence(a, b, 'jeffreys')).toBe(Infinity);
    expect(fDivergence(a, b, 'pearson')).toBeCloseTo(0.25 / 0.5 + 0.5, 15);
    expect(fDivergence(a, b, 'kl')).toBeCloseTo(Math.LN2, 15);
  });

  it('refuses a base for divergences not measured in log units, and applies it to those that are', () => {
    expect(() => fDivergence(p, q, 'pearson', { base: 2 })).toThrow(/base: "pearson" is not measured in log units/);
    expect(fDivergence(p, q, 'kl', { base: 2 })).toBeCloseTo((klDivergence(p, q) as number) / Math.LN2, 15);
  });

  it('is 0 for equal inputs, for every f', () => {
    for (const f of ['kl', 'reverse-kl', 'js', 'pearson', 'neyman', 'squared-hellinger', 'total-variation', 'jeffreys'] as const) {
      expect(fDivergence(p, p, f)).toBe(0);
    }
    expect(fDivergence(p, p, { alpha: 3 })).toBe(0);
  });
});
