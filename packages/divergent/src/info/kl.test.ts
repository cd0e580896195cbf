import { describe, expect, it } from 'vitest';
import { crossEntropy, entropy } from './entropy.js';
import { klDivergence } from './kl.js';

// scipy 1.10: stats.entropy(p, q) = 0.20077680106635193, stats.entropy(q, p) = 0.22737690385871306.
const p = [0.1, 0.2, 0.7];
const q = [0.3, 0.3, 0.4];

describe('klDivergence (relative entropy)', () => {
  it('matches scipy.stats.entropy(p, q) and is not symmetric', () => {
    expect(klDivergence(p, q)).toBeCloseTo(0.20077680106635193, 15);
    expect(klDivergence(q, p)).toBeCloseTo(0.22737690385871306, 15);
    expect(klDivergence(p, q, { base: 2 })).toBeCloseTo(0.20077680106635193 / Math.LN2, 15);
  });

  it('of two coins is a·log(a/b) + (1-a)·log((1-a)/(1-b)), worked by hand', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 15);
  });

  it('follows scipy rel_entr at the edges: 0·log(0/q) = 0, p > 0 = q gives +Infinity, never NaN', () => {
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
    expect(klDivergence([0.5, 0.5], [0, 1])).toBe(Infinity);
    expect(klDivergence([0, 1], [0, 1])).toBe(0);
    expect(klDivergence([[0.5, 0.5], [1, 0]], [[1, 0], [1, 0]])).toEqual([Infinity, 0]);
  });

  it('is exactly 0 for equal distributions and never negative from round-off', () => {
    const r = [0.1, 0.2, 0.3, 0.4];
    expect(klDivergence(r, r)).toBe(0);
    // Equal in value, different in the last bits: the sum may round below 0, the result may not.
    const r2 = r.map((x, i) => (i === 0 ? x * (1 + 1e-15) : x));
    expect(klDivergence(r, r2)).toBeGreaterThanOrEqual(0);
    expect(klDivergence(r2, r)).toBeGreaterThanOrEqual(0);
  });

  it('equals cross-entropy minus entropy (computed directly, not as that difference)', () => {
    expect(klDivergence(p, q)).toBeCloseTo((crossEntropy(p, q) as number) - (entropy(p) as number), 14);
  });

  it('is exact from logits of ±1e4: KL([1, e], [e, 1]) with e = exp(-2e4) is 2e4', () => {
    expect(klDivergence([1e4, -1e4], [-1e4, 1e4], { from: 'logits' })).toBeCloseTo(2e4, 9);
    expect(klDivergence(p.map(Math.log), q.map((x) => Math.log(x) + 9), { from: 'logits' })).toBeCloseTo(0.20077680106635193, 14);
    expect(klDivergence(p.map(Math.log), q.map(Math.log), { from: 'logprobs' })).toBeCloseTo(0.20077680106635193, 14);
  });

  it('works on typed arrays and batches along an axis', () => {
    expect(klDivergence(Float64Array.from(p), Float64Array.from(q))).toBeCloseTo(0.20077680106635193, 15);
    expect(klDivergence(Float32Array.from(p), Float32Array.from(q))).toBeCloseTo(0.20077680106635193, 6);
    const P = [p, q];
    const Q = [q, p];
    expect(klDivergence(P, Q)).toEqual([klDivergence(p, q), klDivergence(q, p)]);
    const byCols = klDivergence([[0.1, 0.3], [0.2, 0.3], [0.7, 0.4]], [[0.3, 0.1], [0.3, 0.2], [0.4, 0.7]], { axis: 0 }) as number[];
    expect(byCols[0]).toBeCloseTo(0.20077680106635193, 15);
    expect(byCols[1]).toBeCloseTo(0.22737690385871306, 15);
  });
});
