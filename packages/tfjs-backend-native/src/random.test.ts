import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addon } from './addon.js';
import { standardNormal, xoshiro128Bernoulli } from './index.js';

describe('standardNormal', () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });

  it('has the moments and tails of N(0, 1) within 4 standard errors', () => {
    const n = 1_000_001;  // odd: the last pair keeps one draw
    const t = standardNormal([n], 20261128);
    const v = t.dataSync();
    t.dispose();
    let s1 = 0, s2 = 0, s4 = 0, tail = 0;
    for (const x of v) {
      s1 += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 2) tail++;
    }
    // Standard errors: mean 1/√n, E[x²] √(2/n), E[x⁴] √(96/n), P(|x|>2) √(p(1-p)/n).
    const pTail = 0.04550026389635842;  // 2·(1 - Φ(2))
    expect(Math.abs(s1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(tail / n - pTail)).toBeLessThan(4 * Math.sqrt((pTail * (1 - pTail)) / n));
  });

  it('is a function of the seed: equal seeds repeat, neighbouring seeds differ', () => {
    const [a, b, c] = [7, 7, 8].map((seed) => standardNormal([3, 5], seed));
    expect(a.shape).toEqual([3, 5]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    // Seeds above 2^32 use the high word too.
    const big = standardNormal([4], 2 ** 40 + 7);
    expect(Array.from(big.dataSync())).not.toEqual(Array.from(a.dataSync()).slice(0, 4));
    tf.dispose([a, b, c, big]);
  });

  it('leaks no tensors and rejects bad seeds and shapes', () => {
    const before = tf.memory().numTensors;
    standardNormal([0], 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => standardNormal([2], -1)).toThrow(/'seed' must be an integer in \[0, 2\^53\), got -1/);
    expect(() => standardNormal([2], 1.5)).toThrow(/'seed'/);
    expect(() => standardNormal([2, -1], 1)).toThrow(/'shape' must hold non-negative integers/);
  });
});

describe('xoshiro128Bernoulli', () => {
  // The first three outputs of xoshiro128** from state (1, 2, 3, 4), by hand from the
  // reference code: 11520, 0, 5927040; each · 2^-32 is exact in float32.
  const draws = [11520, 0, 5927040].map((u) => u * 2 ** -32);
  const after3 = [25179138, 12295, 540162, 2107404];

  it('draws 1 exactly when the scaled output is below p, and advances the state one output per value', () => {
    const state = Uint32Array.of(1, 2, 3, 4);
    const atDraws = new Float32Array(3);
    xoshiro128Bernoulli(Float32Array.from(draws), state, atDraws);
    expect(Array.from(atDraws)).toEqual([0, 0, 0]); // p equal to the draw (and p = 0 against a draw of 0): never below
    expect(Array.from(state)).toEqual(after3);

    const above = Float32Array.from(draws.map((u) => u + 2 ** -32));
    state.set([1, 2, 3, 4]);
    xoshiro128Bernoulli(above, state, above); // in place
    expect(Array.from(above)).toEqual([1, 1, 1]);
    expect(Array.from(state)).toEqual(after3);
  });

  it('keeps p = 0 and p = 1 fixed, and draws nothing for no values', () => {
    const state = Uint32Array.of(9, 8, 7, 6);
    const zeros = new Float32Array(1001);
    xoshiro128Bernoulli(new Float32Array(1001), state, zeros);
    expect(zeros.every((v) => v === 0)).toBe(true);
    const ones = new Float32Array(1001);
    xoshiro128Bernoulli(new Float32Array(1001).fill(1), state, ones);
    expect(ones.every((v) => v === 1)).toBe(true);
    const before = Array.from(state);
    xoshiro128Bernoulli(new Float32Array(0), state, new Float32Array(0));
    expect(Array.from(state)).toEqual(before);
  });

  it('rejects a state that is not 4 words and mismatched lengths, in TypeScript and in C++', () => {
    const p = new Float32Array(4);
    expect(() => xoshiro128Bernoulli(p, new Uint32Array(3), p)).toThrow(/'state' must be a Uint32Array of 4 words/);
    expect(() => xoshiro128Bernoulli(p, new Int32Array(4) as unknown as Uint32Array, p)).toThrow(/'state'/);
    expect(() => xoshiro128Bernoulli(p, new Uint32Array(4), new Float32Array(3))).toThrow(
      /'out' has 3 elements, 'probabilities' has 4/,
    );
    const native = addon!;
    expect(() => native.xoshiro128Bernoulli(p, new Uint32Array(5), p)).toThrow(/'state' must hold the 4 words.*got 5/);
    expect(() => native.xoshiro128Bernoulli(p, new Int32Array(4) as unknown as Uint32Array, p)).toThrow(/'state' must be a typed array/);
    expect(() => native.xoshiro128Bernoulli(p, new Uint32Array(4), new Float32Array(5))).toThrow(
      /'out' has 5 elements, 'probabilities' has 4/,
    );
    expect(() => native.xoshiro128Bernoulli(new Float64Array(4) as unknown as Float32Array, new Uint32Array(4), p)).toThrow(
      /'probabilities' must be a typed array/,
    );
  });

  it('draws gathered rows as it draws the rows gathered first: the same values, the same state after', () => {
    // 30 rows of 700 values; 12 rows picked, repeats included: 8,400 draws over three chunks.
    const dim = 700;
    const matrix = Float32Array.from({ length: 30 * dim }, (_, i) => ((i * 37) % 256) / 255);
    const indices = Int32Array.of(29, 0, 3, 3, 17, 8, 22, 1, 29, 11, 5, 14);
    const gathered = new Float32Array(indices.length * dim);
    indices.forEach((r, k) => gathered.set(matrix.subarray(r * dim, (r + 1) * dim), k * dim));
    const [s1, s2] = [Uint32Array.of(5, 6, 7, 8), Uint32Array.of(5, 6, 7, 8)];
    const direct = new Float32Array(gathered.length);
    xoshiro128Bernoulli(matrix, s1, direct, { indices, dim });
    xoshiro128Bernoulli(gathered, s2, gathered);
    expect(Array.from(direct)).toEqual(Array.from(gathered));
    expect(Array.from(s1)).toEqual(Array.from(s2));
  });

  it('rejects rows outside the matrix, a bad width and a mismatched output, in TypeScript and in C++', () => {
    const m = new Float32Array(12);
    const s = Uint32Array.of(1, 2, 3, 4);
    expect(() => xoshiro128Bernoulli(m, s, new Float32Array(8), { indices: Int32Array.of(0, 3), dim: 4 })).toThrow(/rows.indices\[1\] is 3, outside \[0, 3\)/);
    expect(() => xoshiro128Bernoulli(m, s, new Float32Array(8), { indices: Int32Array.of(0, 1), dim: 0 })).toThrow(/'rows.dim' must be a positive integer/);
    expect(() => xoshiro128Bernoulli(m, s, new Float32Array(7), { indices: Int32Array.of(0, 1), dim: 4 })).toThrow(/'out' has 7 elements, expected 2 rows x 4/);
    const native = addon!;
    expect(() => native.xoshiro128Bernoulli(m, s, new Float32Array(8), Int32Array.of(-1, 0), 4)).toThrow(/'rows' holds -1 at index 0, outside \[0, 3\)/);
    expect(() => native.xoshiro128Bernoulli(m, s, new Float32Array(7), Int32Array.of(0, 1), 4)).toThrow(/'out' has 7 elements, expected 2 rows x 4/);
    expect(() => native.xoshiro128Bernoulli(m, s, new Float32Array(8), Int32Array.of(0, 1), 0)).toThrow(/'dim' must be an integer/);
    expect(Array.from(s)).toEqual([1, 2, 3, 4]); // nothing drawn
  });
});
