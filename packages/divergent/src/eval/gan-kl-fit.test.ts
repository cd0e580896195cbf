import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { fitGaussian } from './gan-kl-fit.js';

beforeAll(async () => {
  await initBackend();
});

describe('one Gaussian fitted to ½N(-2, 0.6²) + ½N(2, 0.6²)', () => {
  it('forward KL matches moments: mean 0, variance 0.6² + 2² = 4.36', () => {
    const before = tf.memory().numTensors;
    const fit = fitGaussian('forward');
    expect(fit.mean).toBeCloseTo(0, 3);
    expect(fit.std).toBeCloseTo(Math.sqrt(4.36), 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reverse KL seeks one mode: mean ≈ 2, std ≈ 0.6, KL(q || p) ≈ log 2', () => {
    // With the modes 6.7 sigma apart, q = N(2, 0.6²) sees p ≈ ½ N(2, 0.6²): KL(q || p) = log 2 up to overlap ~1e-9.
    const fit = fitGaussian('reverse');
    // Adam at a fixed rate of 0.05 (and float32 quadrature) leaves ~3e-3 of slack.
    expect(Math.abs(fit.mean - 2)).toBeLessThan(0.01);
    expect(Math.abs(fit.std - 0.6)).toBeLessThan(0.01);
    expect(Math.abs(fit.reverse_kl - Math.log(2))).toBeLessThan(0.003);
    // and it is the worse fit in the forward sense, and vice versa
    const fwd = fitGaussian('forward');
    expect(fit.forward_kl).toBeGreaterThan(fwd.forward_kl);
    expect(fwd.reverse_kl).toBeGreaterThan(fit.reverse_kl);
  });
});
