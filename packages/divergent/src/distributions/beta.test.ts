import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Beta } from './beta.js';
import { Dirichlet } from './dirichlet.js';
import { checkEntropy, checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const closeRel = (a: number[], e: number[], tol = 1e-5): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol));

describe('Beta', () => {
  it('matches scipy.stats.beta logpdf and entropy; -Infinity outside [0, 1]', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Beta([0.5, 2, 7], [1, 3, 0.5]);
          // scipy 1.10.1: beta.logpdf([0.2, 0.5, 0.9], a, b), beta.entropy(a, b)
          closeRel(values(d.logProb([0.2, 0.5, 0.9])), [0.11157177565710497, 0.4054651081081646, 0.9018775343739973]);
          closeRel(values(d.entropy()), [-0.30685281944005866, -0.23490664978903172, -1.894042942598304]);
          expect(values(d.logProb(1.5))).toEqual([-Infinity, -Infinity, -Infinity]);
          // Beta(1, 1) is uniform: density 1 at both ends too.
          expect(values(new Beta(1, 1).logProb([0, 1])).map((v) => Math.abs(v) < 1e-6)).toEqual([true, true]);
        }),
      ),
    ).toBe(0);
  });

  it('samples with moments and entropy within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Beta([0.5, 2, 7], [1, 3, 0.5]);
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 2 }).forEach((z) => expect(z).toBeLessThan(4));
    });
  });

  it('has logProb gradients that match finite differences, and rejects bad concentrations', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0.2, 0.5, 0.9]);
      expect(gradientError((a) => new Beta(a, [1, 3, 0.5]).logProb(x), tf.tensor1d([0.5, 2, 7]))).toBeLessThan(2e-3);
      expect(() => new Beta(0, 1)).toThrow(DivergentInputError);
    });
  });
});

describe('Dirichlet', () => {
  it('matches scipy.stats.dirichlet logpdf and entropy; -Infinity off the simplex', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Dirichlet([
            [0.5, 2, 3],
            [1, 1, 1],
          ]);
          expect(d.batchShape).toEqual([2]);
          expect(d.eventShape).toEqual([3]);
          // scipy 1.10.1: dirichlet.logpdf([0.2, 0.3, 0.5], α), dirichlet.entropy(α)
          closeRel(values(d.logProb([0.2, 0.3, 0.5])), [0.9067536349052947, 0.6931471805599453]);
          closeRel(values(d.entropy()), [-1.9146769909858068, -0.6931471805599453]);
          expect(values(d.logProb([0.2, 0.3, 0.6]))).toEqual([-Infinity, -Infinity]);
          expect(values(d.logProb([-0.1, 0.6, 0.5]))).toEqual([-Infinity, -Infinity]);
        }),
      ),
    ).toBe(0);
  });

  it('samples on the simplex with moments and entropy within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Dirichlet([0.5, 2, 3]);
      const x = d.sample([20000], { seed: 3 });
      values(tf.sum(x, -1)).forEach((s) => expect(Math.abs(s - 1)).toBeLessThan(1e-5));
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 4 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 5 }).forEach((z) => expect(z).toBeLessThan(4));
    });
  });

  it('has logProb gradients that match finite differences, and rejects bad concentrations', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0.2, 0.3, 0.5]);
      expect(gradientError((a) => new Dirichlet(a).logProb(x), tf.tensor1d([0.5, 2, 3]))).toBeLessThan(2e-3);
      expect(() => new Dirichlet([1, -1])).toThrow('concentration[1] = -1');
      expect(() => new Dirichlet(2)).toThrow('expected a vector');
    });
  });
});
