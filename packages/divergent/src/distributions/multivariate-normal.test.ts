import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { checkEntropy, checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const L = [
  [2, 0, 0],
  [1, 2, 0],
  [0.3, 0.6, 1.5968719422671311],
];
const cov = [
  [4, 2, 0.6],
  [2, 5, 1.5],
  [0.6, 1.5, 3],
]; // L Lᵀ

describe('MultivariateNormal', () => {
  it('matches torch log_prob and entropy, from scaleTril or covariance alike', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          // torch 1.13 float64: MultivariateNormal([0, 1, -1], scale_tril=L).log_prob(x), .entropy()
          const expected = [-5.24654266973084, -5.113485071691625];
          const x = [
            [0.5, 0.5, 0.5],
            [-1, 2, 0],
          ];
          for (const d of [new MultivariateNormal([0, 1, -1], { scaleTril: L }), new MultivariateNormal([0, 1, -1], { covariance: cov })]) {
            expect(d.batchShape).toEqual([]);
            expect(d.eventShape).toEqual([3]);
            values(d.logProb(x)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
            expect(values(d.entropy())[0]).toBeCloseTo(6.111156640319076, 4);
          }
        }),
      ),
    ).toBe(0);
  });

  it('samples with per-coordinate mean and variance (diag of Σ) and entropy within 4 standard errors, and covariance Σ', () => {
    tf.tidy(() => {
      const d = new MultivariateNormal([0, 1, -1], { scaleTril: L });
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 2 }).forEach((z) => expect(z).toBeLessThan(4));
      // Sample covariance entry (0, 1) = 2: sd of the estimate ≈ sqrt((Σ00Σ11 + Σ01²)/n).
      const x = d.sample([20000], { seed: 3 });
      const c = tf.sub(x, tf.mean(x, 0));
      const c01 = tf.mean(tf.mul(tf.gather(c, [0], 1), tf.gather(c, [1], 1))).dataSync()[0];
      expect(Math.abs(c01 - 2)).toBeLessThan(4 * Math.sqrt((4 * 5 + 4) / 20000));
      values(d.covariance).forEach((v, i) => expect(v).toBeCloseTo(cov.flat()[i], 4));
    });
  });

  it('broadcasts a batch of means against one scale and vice versa', () => {
    tf.tidy(() => {
      const d = new MultivariateNormal(
        [
          [0, 0],
          [1, 1],
        ],
        { scaleTril: [[[1, 0], [0, 1]]] },
      );
      expect(d.batchShape).toEqual([2]);
      // log N([1, 1]; μ, I) = -log 2π - ½‖x - μ‖².
      values(d.logProb([1, 1])).forEach((v, i) => expect(v).toBeCloseTo([-Math.log(2 * Math.PI) - 1, -Math.log(2 * Math.PI)][i], 5));
      expect(d.sample([4, 5], { seed: 1 }).shape).toEqual([4, 5, 2, 2]);
      expect(d.logProb(tf.zeros([4, 5, 2, 2])).shape).toEqual([4, 5, 2]);
    });
  });

  it('has logProb gradients in loc and scaleTril that match finite differences', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([
        [0.5, 0.5, 0.5],
        [-1, 2, 0],
      ]);
      const lower = tf.tensor2d([
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ]);
      expect(gradientError((l) => new MultivariateNormal([0, 1, -1], { scaleTril: tf.mul(l, lower) }).logProb(x), tf.tensor2d(L))).toBeLessThan(2e-3);
      expect(gradientError((m) => new MultivariateNormal(m, { scaleTril: L }).logProb(x), tf.tensor1d([0, 1, -1]))).toBeLessThan(2e-3);
    });
  });

  it('rejects a covariance that is not positive definite or not symmetric, and a scaleTril that is not lower triangular', () => {
    const before = tf.memory().numTensors;
    expect(() => new MultivariateNormal([0, 0], { covariance: [[1, 2], [2, 1]] })).toThrow(DivergentInputError);
    expect(() => new MultivariateNormal([0, 0], { covariance: [[1, 2], [2, 1]] })).toThrow('not positive definite');
    expect(() => new MultivariateNormal([0, 0], { covariance: [[1, 0.5], [0.2, 1]] })).toThrow('symmetric');
    expect(() => new MultivariateNormal([0, 0], { scaleTril: [[1, 0.5], [0, 1]] })).toThrow('lower triangular');
    expect(() => new MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0.5, -1]] })).toThrow('diagonal');
    expect(() => new MultivariateNormal([0, 0, 0], { scaleTril: [[1, 0], [0, 1]] })).toThrow('[..., 3, 3]');
    expect(tf.memory().numTensors).toBe(before);
  });
});
