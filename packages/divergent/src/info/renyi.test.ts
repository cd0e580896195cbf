import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { klDivergence } from './kl.js';
import { renyiDivergence } from './renyi.js';

// numpy on p = [0.1, 0.2, 0.7], q = [0.3, 0.3, 0.4]: log(Σ p^a q^(1-a))/(a-1) is
// 0.10826977737328858 (a = 1/2), 0.3305020696347091 (a = 2), 0.40407428662722583 (a = 3);
// log max p/q = 0.5596157879354225.
const p = [0.1, 0.2, 0.7];
const q = [0.3, 0.3, 0.4];

describe('renyiDivergence', () => {
  it('matches the definition at alpha = 1/2, 2, 3 and Infinity', () => {
    expect(renyiDivergence(p, q, 0.5)).toBeCloseTo(0.10826977737328858, 15);
    expect(renyiDivergence(p, q, 2)).toBeCloseTo(0.3305020696347091, 15);
    expect(renyiDivergence(p, q, 3)).toBeCloseTo(0.40407428662722583, 15);
    expect(renyiDivergence(p, q, Infinity)).toBeCloseTo(0.5596157879354225, 15);
    expect(renyiDivergence(p, q, 2, { base: 2 })).toBeCloseTo(0.3305020696347091 / Math.LN2, 15);
  });

  it('is KL at alpha = 1 and continuous there (no 0/0 at 1 ± 1e-12)', () => {
    const kl = klDivergence(p, q) as number;
    expect(renyiDivergence(p, q, 1)).toBeCloseTo(kl, 15);
    expect(renyiDivergence(p, q, 1 - 1e-12)).toBeCloseTo(kl, 11);
    expect(renyiDivergence(p, q, 1 + 1e-12)).toBeCloseTo(kl, 11);
  });

  it('is -log Σ_{p>0} q at alpha = 0', () => {
    expect(renyiDivergence([0.5, 0.5, 0], [0.2, 0.3, 0.5], 0)).toBeCloseTo(-Math.log(0.5), 15);
  });

  it('is non-decreasing in alpha', () => {
    const alphas = [0, 0.1, 0.5, 0.9, 0.999, 1, 1.001, 1.5, 2, 5, 50, Infinity];
    const d = alphas.map((a) => renyiDivergence(p, q, a) as number);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1] - 1e-15);
  });

  it('where q = 0 < p is finite for alpha < 1 and +Infinity for alpha >= 1', () => {
    const a = [0.5, 0.5];
    const b = [1, 0];
    expect(renyiDivergence(a, b, 0.5)).toBeCloseTo(-2 * Math.log(Math.sqrt(0.5)), 15);
    expect(renyiDivergence(a, b, 1)).toBe(Infinity);
    expect(renyiDivergence(a, b, 2)).toBe(Infinity);
    expect(renyiDivergence(a, b, Infinity)).toBe(Infinity);
  });

  it('does not overflow far from alpha = 1 with logits of ±1e4', () => {
    // p ≈ [1, 0], q = [1/2, 1/2]: D_α = log 2 for every alpha > 0.
    expect(renyiDivergence([1e4, -1e4], [0, 0], 50, { from: 'logits' })).toBeCloseTo(Math.LN2, 14);
    expect(renyiDivergence([1e4, -1e4], [-1e4, 1e4], 3, { from: 'logits' })).toBeCloseTo(2e4, 9);
  });

  it('refuses alpha < 0 or NaN', () => {
    expect(() => renyiDivergence(p, q, -0.5)).toThrow(DivergentInputError);
    expect(() => renyiDivergence(p, q, -0.5)).toThrow('alpha: -0.5 is not a valid order; alpha must be in [0, Infinity]');
    expect(() => renyiDivergence(p, q, NaN)).toThrow(/alpha: NaN/);
  });
});
