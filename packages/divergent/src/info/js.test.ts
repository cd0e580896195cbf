import { describe, expect, it } from 'vitest';
import { entropy } from './entropy.js';
import { generalizedJsDivergence, jsDistance, jsDivergence } from './js.js';
import { klDivergence } from './kl.js';

// scipy 1.10: distance.jensenshannon(p, q) = 0.2278426194505835 (base 2: 0.27366687589869926).
const p = [0.1, 0.2, 0.7];
const q = [0.3, 0.3, 0.4];

describe('jsDivergence and jsDistance', () => {
  it('match scipy.spatial.distance.jensenshannon (and its square)', () => {
    expect(jsDistance(p, q)).toBeCloseTo(0.2278426194505835, 15);
    expect(jsDistance(p, q, { base: 2 })).toBeCloseTo(0.27366687589869926, 15);
    expect(jsDivergence(p, q)).toBeCloseTo(0.2278426194505835 ** 2, 15);
  });

  it('equal ½KL(p || m) + ½KL(q || m) with m the midpoint, and are symmetric', () => {
    const m = p.map((x, i) => (x + q[i]) / 2);
    expect(jsDivergence(p, q)).toBeCloseTo(0.5 * (klDivergence(p, m) as number) + 0.5 * (klDivergence(q, m) as number), 15);
    expect(jsDivergence(q, p)).toBeCloseTo(jsDivergence(p, q) as number, 16);
  });

  it('reach ln 2 nats (1 bit) exactly for disjoint supports, and 0 for equal inputs', () => {
    expect(jsDivergence([1, 0], [0, 1])).toBe(Math.LN2);
    expect(jsDivergence([0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5], { base: 2 })).toBe(1);
    expect(jsDistance([1, 0], [0, 1], { base: 2 })).toBe(1);
    expect(jsDivergence(p, p)).toBe(0);
    expect(jsDistance(p, p)).toBe(0);
  });

  it('are exact from logits of ±1e4 and give one value per row of a batch', () => {
    expect(jsDivergence([1e4, -1e4], [-1e4, 1e4], { from: 'logits' })).toBeCloseTo(Math.LN2, 15);
    expect(jsDivergence(p.map(Math.log), q.map(Math.log), { from: 'logits' })).toBeCloseTo(0.2278426194505835 ** 2, 15);
    expect(jsDistance([p, [1, 0, 0]], [q, [0, 0, 1]])).toEqual([jsDistance(p, q), Math.sqrt(Math.LN2)]);
  });
});

describe('generalizedJsDivergence', () => {
  it('with two equal weights is jsDivergence', () => {
    expect(generalizedJsDivergence([p, q])).toBeCloseTo(jsDivergence(p, q) as number, 15);
  });

  it('equals H(Σ w_i p_i) - Σ w_i H(p_i) for three weighted distributions', () => {
    const r = [0.6, 0.2, 0.2];
    const w = [0.5, 0.3, 0.2];
    const m = p.map((_, k) => w[0] * p[k] + w[1] * q[k] + w[2] * r[k]);
    const expected = (entropy(m) as number) - w[0] * (entropy(p) as number) - w[1] * (entropy(q) as number) - w[2] * (entropy(r) as number);
    expect(generalizedJsDivergence([p, q, r], { weights: w })).toBeCloseTo(expected, 14);
    expect(generalizedJsDivergence([p, q, r], { weights: w, base: 2 })).toBeCloseTo(expected / Math.LN2, 14);
  });

  it('reaches H(w) for disjoint supports and works row-wise on batches', () => {
    const w = [0.2, 0.8];
    const hw = -(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8));
    expect(generalizedJsDivergence([[1, 0], [0, 1]], { weights: w })).toBeCloseTo(hw, 15);
    expect(generalizedJsDivergence([[[1, 0], p.slice(0, 2).map((x) => x / 0.3)], [[0, 1], p.slice(0, 2).map((x) => x / 0.3)]])).toEqual([Math.LN2, 0]);
  });
});
