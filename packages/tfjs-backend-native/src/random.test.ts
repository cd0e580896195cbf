import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { standardNormal } from './index.js';

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
