import { describe, expect, it } from 'vitest';
import { crossEntropy, entropy } from './entropy.js';
import { klDivergence } from './kl.js';

// scipy 1.10 reference values below: p = [0.1, 0.2, 0.7], q = [0.3, 0.3, 0.4].
const p = [0.1, 0.2, 0.7];
const q = [0.3, 0.3, 0.4];

describe('entropy', () => {
  it('of a uniform distribution over n outcomes is log n (nats, bits, any base)', () => {
    for (const n of [1, 2, 7, 1000]) {
      const u = new Array(n).fill(1 / n);
      expect(entropy(u)).toBeCloseTo(Math.log(n), 12);
      expect(entropy(u, { base: 2 })).toBeCloseTo(Math.log2(n), 12);
      expect(entropy(u, { base: 7 })).toBeCloseTo(Math.log(n) / Math.log(7), 12);
    }
  });

  it('of a coin with bias 1/4 is -(1/4)log(1/4) - (3/4)log(3/4), with 0·log 0 = 0 for a sure thing', () => {
    expect(entropy([0.25, 0.75])).toBeCloseTo(-0.25 * Math.log(0.25) - 0.75 * Math.log(0.75), 15);
    expect(entropy([0, 1, 0])).toBe(0);
  });

  it('matches scipy.stats.entropy (0.8018185525433373 nats, 1.1567796494470395 bits)', () => {
    expect(entropy(p)).toBeCloseTo(0.8018185525433373, 14);
    expect(entropy(Float64Array.from(p), { base: 2 })).toBeCloseTo(1.1567796494470395, 14);
    expect(entropy(Float32Array.from(p))).toBeCloseTo(0.8018185525433373, 6);
  });

  it('reads counts, logits and log-probabilities as the same distribution', () => {
    const h = entropy(p);
    expect(entropy([1, 2, 7], { from: 'counts' })).toBeCloseTo(h, 14);
    expect(entropy(p.map(Math.log), { from: 'logprobs' })).toBeCloseTo(h, 14);
    expect(entropy(p.map((x) => Math.log(x) + 3.5), { from: 'logits' })).toBeCloseTo(h, 14);
    expect(entropy([2, 4, 14], { normalize: true })).toBeCloseTo(h, 14);
  });

  it('is exact for logits of ±1e4 (H of [1 - 2e, e, e] with e = exp(-2e4) is 0 to double precision)', () => {
    expect(entropy([1e4, -1e4, -1e4], { from: 'logits' })).toBe(0);
    expect(entropy([1e4, 1e4, -1e4], { from: 'logits' })).toBeCloseTo(Math.LN2, 15);
  });

  it('gives one value per row of a batch, along any axis', () => {
    const rows = [p, [0.5, 0.5, 0]];
    expect(entropy(rows)).toEqual([entropy(p), entropy([0.5, 0.5, 0])]);
    const cols = [[0.1, 0.5], [0.2, 0.5], [0.7, 0]];
    const got = entropy(cols, { axis: 0 }) as number[];
    expect(got[0]).toBeCloseTo(entropy(p), 15);
    expect(got[1]).toBeCloseTo(Math.LN2, 15);
    const cube = [[[0.5, 0.5], [1, 0]], [[0.25, 0.75], [0.5, 0.5]]];
    const h3 = entropy(cube) as number[][];
    expect(h3[1][0]).toBeCloseTo(entropy([0.25, 0.75]), 15);
    expect(h3[0][1]).toBe(0);
  });
});

describe('crossEntropy', () => {
  it('matches -Σ p log q (1.0025953536096894) and equals H(p) + KL(p || q)', () => {
    expect(crossEntropy(p, q)).toBeCloseTo(1.0025953536096894, 14);
    expect(crossEntropy(p, q)).toBeCloseTo(entropy(p) + klDivergence(p, q), 14);
    expect(crossEntropy(p, q, { base: 2 })).toBeCloseTo(1.0025953536096894 / Math.LN2, 14);
  });

  it('is +Infinity where p > 0 = q and ignores q where p = 0', () => {
    expect(crossEntropy([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(crossEntropy([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it('is exact from logits of ±1e4: H(P, Q) = 2e4 for P ≈ [1, 0], Q ≈ [0, 1]', () => {
    expect(crossEntropy([1e4, -1e4], [-1e4, 1e4], { from: 'logits' })).toBeCloseTo(2e4, 9);
  });
});
