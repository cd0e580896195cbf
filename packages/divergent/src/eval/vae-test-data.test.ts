import { describe, expect, it } from 'vitest';
import { likelihood } from '../models/vae-likelihoods.js';
import { Rng } from '../random.js';
import { bitsPerDim, dequantize, vaeTestData } from './vae-test-data.js';

describe('evaluation data and bits/dim', () => {
  it('dequantises pixel v/255 into [v/256, (v+1)/256)', () => {
    const values = Float32Array.from([0, 1 / 255, 128 / 255, 1]);
    const r = new Rng(1);
    for (let rep = 0; rep < 100; rep++) {
      const y = dequantize(values, r);
      [0, 1, 128, 255].forEach((v, i) => {
        expect(y[i]).toBeGreaterThanOrEqual(v / 256);
        expect(y[i]).toBeLessThan((v + 1) / 256);
      });
    }
  });

  it('bits/dim = NLL/(D ln 2), plus ln 256 nats per dimension for dequantised data', () => {
    expect(bitsPerDim(784 * Math.LN2, 784, false)).toBeCloseTo(1, 12);
    // A density of 1 on [0, 1]^D (NLL 0) is the uniform code: exactly 8 bits per 8-bit pixel.
    expect(bitsPerDim(0, 784, true)).toBeCloseTo(8, 12);
  });

  it('binarises the test set once, the same way for the same seed', () => {
    const split = { images: Float32Array.from({ length: 784 * 3 }, (_, i) => (i % 7) / 6), labels: null, n: 3 };
    const a = vaeTestData(split, 784, likelihood('bernoulli'), true, 2, 5);
    const b = vaeTestData(split, 784, likelihood('bernoulli'), true, 2, 5);
    expect(a.n).toBe(2);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(new Set(a.x)).toEqual(new Set([0, 1]));
    // Pixels of value 0 and 1 stay 0 and 1.
    expect(a.x[0]).toBe(0);
    expect(a.x[6]).toBe(1);
    expect(vaeTestData(split, 784, likelihood('gaussian'), true, 2, 5).dequantized).toBe(true);
  });
});
