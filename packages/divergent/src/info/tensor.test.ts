import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DivergentInputError } from '../errors.js';
import { crossEntropy, entropy } from './entropy.js';
import { fDivergence } from './f-divergence.js';
import { generalizedJsDivergence, jsDistance, jsDivergence } from './js.js';
import { klDivergence } from './kl.js';
import { conditionalEntropy, mutualInformation } from './mutual-information.js';
import { renyiDivergence } from './renyi.js';
import type { MeasureOptions } from './options.js';

beforeAll(async () => {
  await initBackend();
});

/**
 * Calls f on tensors made from `inputs`, checks that it leaves no tensor behind but its result,
 * and returns the result as numbers.
 */
function valuesOf(inputs: unknown[], f: (...ts: tf.Tensor[]) => unknown): number | number[] {
  const ts = inputs.map((x) => tf.tensor(x as number[]));
  const before = tf.memory().numTensors;
  const t = f(...ts) as tf.Tensor;
  const v = t.arraySync() as number | number[];
  t.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(ts);
  return v;
}

const P = [[0.1, 0.2, 0.7], [0.5, 0.5, 0]];
const Q = [[0.3, 0.3, 0.4], [0.25, 0.25, 0.5]];

type Pair = (p: never, q: never, o?: MeasureOptions) => unknown;
const pairs: [string, Pair][] = [
  ['klDivergence', klDivergence as Pair],
  ['crossEntropy', crossEntropy as Pair],
  ['jsDivergence', jsDivergence as Pair],
  ['jsDistance', jsDistance as Pair],
  ['fDivergence pearson', ((p, q, o) => fDivergence(p, q, 'pearson', o)) as Pair],
  ['fDivergence squared-hellinger', ((p, q, o) => fDivergence(p, q, 'squared-hellinger', o)) as Pair],
  ['fDivergence alpha 0.3', ((p, q, o) => fDivergence(p, q, { alpha: 0.3 }, o)) as Pair],
  ['renyiDivergence 0.5', ((p, q, o) => renyiDivergence(p, q, 0.5, o)) as Pair],
  ['renyiDivergence 1.2', ((p, q, o) => renyiDivergence(p, q, 1.2, o)) as Pair],
  ['renyiDivergence 3', ((p, q, o) => renyiDivergence(p, q, 3, o)) as Pair],
  ['renyiDivergence Infinity', ((p, q, o) => renyiDivergence(p, q, Infinity, o)) as Pair],
];

describe('tensor inputs', () => {
  it.each(pairs)('%s on tensors equals the float64 array result, batched along either axis, leak-free', (_, f) => {
    // Row 2 of P has p = 0 < q; the values include every edge the masks handle.
    const want = f(P as never, Q as never) as number[];
    const got = valuesOf([P, Q], (p, q) => f(p as never, q as never)) as number[];
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 5));
    const t = (m: number[][]) => m[0].map((_, k) => m.map((row) => row[k]));
    const gotT = valuesOf([t(P), t(Q)], (p, q) => f(p as never, q as never, { axis: 0 })) as number[];
    want.forEach((w, i) => expect(gotT[i]).toBeCloseTo(w, 5));
  });

  it('entropy, generalizedJsDivergence, mutualInformation and conditionalEntropy on tensors equal the array results', () => {
    expect(valuesOf([P], (p) => entropy(p, { base: 2 }))).toEqual(
      (entropy(P, { base: 2 }) as number[]).map((v) => expect.closeTo(v, 5)),
    );
    const g = generalizedJsDivergence([P, Q, P.map((r) => [...r].reverse())], { weights: [0.2, 0.3, 0.5] }) as number[];
    const R = P.map((r) => [...r].reverse());
    expect(valuesOf([P, Q, R], (...ts) => generalizedJsDivergence(ts, { weights: [0.2, 0.3, 0.5] }))).toEqual(
      g.map((v) => expect.closeTo(v, 5)),
    );
    const J = [[0.1, 0.2, 0], [0.3, 0.1, 0.3]];
    expect(valuesOf([J], (j) => mutualInformation(j))).toBeCloseTo(mutualInformation(J), 5);
    expect(valuesOf([J], (j) => conditionalEntropy(j, { base: 2 }))).toBeCloseTo(conditionalEntropy(J, { base: 2 }), 5);
  });

  it('keep the edge cases: +Infinity where q = 0 < p, ln 2 for disjoint supports, exact from logits of ±1e4', () => {
    expect(valuesOf([[0.5, 0.5], [1, 0]], (p, q) => klDivergence(p, q))).toBe(Infinity);
    expect(valuesOf([[1, 0], [0.5, 0.5]], (p, q) => fDivergence(p, q, 'reverse-kl'))).toBe(Infinity);
    expect(valuesOf([[1, 0], [0, 1]], (p, q) => jsDivergence(p, q))).toBeCloseTo(Math.LN2, 6);
    expect(valuesOf([[1e4, -1e4], [-1e4, 1e4]], (p, q) => klDivergence(p, q, { from: 'logits' }))).toBeCloseTo(2e4, 0);
    expect(valuesOf([[1e4, 1e4, -1e4]], (p) => entropy(p, { from: 'logits' }))).toBeCloseTo(Math.LN2, 6);
  });

  it('mix an array with a tensor by making the array a tensor', () => {
    expect(valuesOf([Q[0]], (q) => klDivergence(q, P[0]))).toBeCloseTo(klDivergence(Q[0], P[0]), 5);
  });

  it('refuse bad tensors with the array messages, and leak nothing when they do', () => {
    const [p, q, half, qRow, qBig] = [[0.5, -0.5, 1], [0.2, 0.8], [0.5, 0.5], [[0.2, 0.8]], [0.202, 0.808]].map((x) => tf.tensor(x));
    const before = tf.memory().numTensors;
    expect(() => entropy(p)).toThrow('p: entry 1 is -0.5; probabilities must be finite and >= 0');
    expect(() => klDivergence(half, qRow)).toThrow("q: shape [1, 2] does not match p's shape [2]");
    expect(() => entropy(qBig)).toThrow(/^p: sums to 1\.01\d*, not 1 \(tolerance 0\.0001\)/);
    expect(() => entropy(q, { axis: 2 })).toThrow(DivergentInputError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p, q, half, qRow, qBig]);
  });
});

describe('gradients', () => {
  const z = [0.3, -1.2, 2.0, 0.1];
  const q = [0.1, 0.2, 0.3, 0.4];

  it('of KL(softmax(z) || q) with respect to the logits z match the analytic p_j·(log(p_j/q_j) - KL)', () => {
    const before = tf.memory().numTensors;
    const g = tf.grad((x: tf.Tensor) => klDivergence(x, tf.tensor1d(q), { from: 'probs' }) as tf.Tensor);
    // Differentiate through the logits path: q is given as log-probabilities.
    const grad = tf.grad((x: tf.Tensor) => klDivergence(x, tf.log(tf.tensor1d(q)), { from: 'logits' }) as tf.Tensor);
    const got = tf.tidy(() => grad(tf.tensor1d(z)).arraySync() as number[]);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / s);
    const kl = p.reduce((a, pj, j) => a + pj * Math.log(pj / q[j]), 0);
    p.forEach((pj, j) => expect(got[j]).toBeCloseTo(pj * (Math.log(pj / q[j]) - kl), 5));
    // And with respect to probabilities: ∂KL/∂p_j = log(p_j/q_j) + 1.
    const gp = tf.tidy(() => g(tf.tensor1d(p)).arraySync() as number[]);
    p.forEach((pj, j) => expect(gp[j]).toBeCloseTo(Math.log(pj / q[j]) + 1, 4));
    expect(tf.memory().numTensors).toBe(before);
  });

  const measures: [string, (x: never, o: MeasureOptions) => unknown][] = [
    ['entropy', (x, o) => entropy(x, o)],
    ['klDivergence(q || softmax)', (x, o) => klDivergence(q.map(Math.log) as never, x, o)],
    ['jsDivergence', (x, o) => jsDivergence(x, q.map(Math.log) as never, o)],
    ['jsDistance', (x, o) => jsDistance(x, q.map(Math.log) as never, o)],
    ['fDivergence pearson', (x, o) => fDivergence(x, q.map(Math.log) as never, 'pearson', o)],
    ['fDivergence alpha 2.5', (x, o) => fDivergence(x, q.map(Math.log) as never, { alpha: 2.5 }, o)],
    ['renyiDivergence 0.7', (x, o) => renyiDivergence(x, q.map(Math.log) as never, 0.7, o)],
    ['renyiDivergence 4', (x, o) => renyiDivergence(x, q.map(Math.log) as never, 4, o)],
  ];

  it.each(measures)('of %s with respect to logits match central finite differences of the float64 path', (_, f) => {
    const o: MeasureOptions = { from: 'logits' };
    const grad = tf.grad((x: tf.Tensor) => f(x as never, o) as tf.Tensor);
    const got = tf.tidy(() => grad(tf.tensor1d(z)).arraySync() as number[]);
    const h = 1e-6;
    z.forEach((_, j) => {
      const at = (d: number) => f(z.map((v, k) => (k === j ? v + d : v)) as never, o) as number;
      const fd = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(got[j] - fd)).toBeLessThan(2e-4 * Math.max(1, Math.abs(fd)));
    });
  });
});
