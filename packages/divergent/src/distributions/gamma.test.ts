import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { checkEntropy, checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const closeRel = (a: number[], e: number[], tol = 1e-5): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol));

describe('Gamma', () => {
  it('matches scipy.stats.gamma logpdf and entropy (scale = 1/rate)', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Gamma([0.5, 2, 7], [1, 3, 0.5]);
          // scipy 1.10.1: gamma.logpdf([0.4, 0.6, 15], a, scale=1/rate), gamma.entropy(a, scale=1/rate)
          closeRel(values(d.logProb([0.4, 0.6, 15])), [-0.5142195769876226, -0.1136010464297712, -2.6829802693164595]);
          closeRel(values(d.entropy()), [0.0906099299139882, 0.478603376233423, 3.0356923819792456]);
          // x < 0 is off the support; x = 0 has density +∞ for α < 1, λ for α = 1, 0 for α > 1.
          expect(values(d.logProb(-1))).toEqual([-Infinity, -Infinity, -Infinity]);
          expect(values(d.logProb(Infinity))).toEqual([-Infinity, -Infinity, -Infinity]);
          const atZero = values(new Gamma([0.5, 1, 2], 2).logProb(0));
          expect(atZero[0]).toBe(Infinity);
          expect(atZero[1]).toBeCloseTo(Math.log(2), 6);
          expect(atZero[2]).toBe(-Infinity);
        }),
      ),
    ).toBe(0);
  });

  it('samples (Marsaglia–Tsang, α < 1 boosted) with moments and entropy within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Gamma([0.3, 1, 4.5], [2, 1, 0.5]);
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 2 }).forEach((z) => expect(z).toBeLessThan(4));
      expect(values(d.sample([3], { seed: 9 }))).toEqual(values(d.sample([3], { seed: 9 })));
    });
  });

  it('has logProb gradients in concentration and rate that match finite differences', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0.4, 2.5, 7]);
      expect(gradientError((a) => new Gamma(a, 1.5).logProb(x), tf.tensor1d([0.7, 2, 5]))).toBeLessThan(2e-3);
      expect(gradientError((b) => new Gamma(2, b).logProb(x), tf.tensor1d([0.7, 2, 5]))).toBeLessThan(2e-3);
    });
  });

  it('rejects non-positive parameters', () => {
    const before = tf.memory().numTensors;
    expect(() => new Gamma([1, 0], 1)).toThrow(DivergentInputError);
    expect(() => new Gamma(1, [1, -2])).toThrow('rate[1] = -2');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Exponential', () => {
  it('matches scipy.stats.expon and samples within 4 standard errors, differentiably', () => {
    tf.tidy(() => {
      const d = new Exponential([0.5, 2]);
      // scipy 1.10.1: expon.logpdf([0.3, 2], scale=[2, 0.5]); entropy 1 - log λ by hand.
      closeRel(values(d.logProb([0.3, 2])), [-0.8431471805599453, -3.3068528194400546]);
      closeRel(values(d.entropy()), [1 - Math.log(0.5), 1 - Math.log(2)]);
      expect(values(d.logProb(-0.1))).toEqual([-Infinity, -Infinity]);
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 3 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 4 }).forEach((z) => expect(z).toBeLessThan(4));
      // d/dλ E[x] = -1/λ² through rsample: the estimator is -mean(E)/λ², E standard exponential.
      const g = tf.grad((r: tf.Tensor) => tf.mean(new Exponential(r).rsample([20000], { seed: 5 })))(tf.scalar(2)).dataSync()[0];
      expect(Math.abs(g + 0.25)).toBeLessThan((4 * 0.25) / Math.sqrt(20000));
      expect(() => new Exponential(0)).toThrow('rate = 0');
    });
  });
});
