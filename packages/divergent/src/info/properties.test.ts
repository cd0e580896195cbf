import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropy, entropy } from './entropy.js';
import { fDivergence } from './f-divergence.js';
import { F_DIVERGENCE_NAMES } from './f-divergences.js';
import { jsDistance, jsDivergence } from './js.js';
import { klDivergence } from './kl.js';
import { renyiDivergence } from './renyi.js';

/** Pairs of distributions of the same length (2..12), with exact zeros among the entries. */
const pair = fc.integer({ min: 2, max: 12 }).chain((n) => {
  const weights = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: n, maxLength: n });
  const dist = weights
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / s);
    });
  return fc.tuple(dist, dist, fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
});

const permute = (x: number[], order: number[]) => order.map((i) => x[i]);

describe('properties (fast-check)', () => {
  it('every divergence is >= 0, never NaN, and invariant under permuting the categories', () => {
    fc.assert(
      fc.property(pair, ([p, q, order]) => {
        const measures: ((a: number[], b: number[]) => number)[] = [
          (a, b) => klDivergence(a, b),
          (a, b) => jsDivergence(a, b),
          (a, b) => jsDistance(a, b),
          ...F_DIVERGENCE_NAMES.map((f) => (a: number[], b: number[]) => fDivergence(a, b, f)),
          (a, b) => fDivergence(a, b, { alpha: 0.3 }),
          (a, b) => fDivergence(a, b, { alpha: 1.7 }),
          ...[0, 0.5, 1, 2, Infinity].map((al) => (a: number[], b: number[]) => renyiDivergence(a, b, al)),
        ];
        for (const m of measures) {
          const v = m(p, q);
          expect(v).toBeGreaterThanOrEqual(0);
          const w = m(permute(p, order), permute(q, order));
          if (Number.isFinite(v)) expect(w).toBeCloseTo(v, 9);
          else expect(w).toBe(v);
        }
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it('JS <= ln 2, KL(p || p) = 0, H(P, Q) = H(P) + KL(P || Q), Rényi non-decreasing in alpha', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        expect(jsDivergence(p, q)).toBeLessThanOrEqual(Math.LN2);
        expect(klDivergence(p, p)).toBe(0);
        const kl = klDivergence(p, q);
        const ce = crossEntropy(p, q);
        if (Number.isFinite(kl)) expect(ce).toBeCloseTo(entropy(p) + kl, 9);
        else expect(ce).toBe(Infinity);
        let last = 0;
        for (const a of [0, 0.25, 0.5, 0.99, 1, 1.01, 2, 10, Infinity]) {
          const d = renyiDivergence(p, q, a);
          if (last === Infinity) expect(d).toBe(Infinity);
          else expect(d).toBeGreaterThanOrEqual(last - 1e-9 * Math.max(1, last));
          last = d;
        }
      }),
      { numRuns: 150, seed: 2 },
    );
  });
});
