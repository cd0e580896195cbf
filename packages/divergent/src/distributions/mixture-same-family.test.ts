import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Categorical } from './categorical.js';
import { kl } from './kl.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';
import { checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const mixture = (): MixtureSameFamily => new MixtureSameFamily(new Categorical({ probs: [0.3, 0.7] }), new Normal([-1, 2], [0.5, 1]));

describe('MixtureSameFamily', () => {
  it('matches torch log_prob, mean and variance', () => {
    expect(
      leakedTensors(() => {
        const d = mixture();
        tf.tidy(() => {
          // torch 1.13 float64: MixtureSameFamily(Categorical([0.3, 0.7]), Normal([-1, 2], [0.5, 1]))
          values(d.logProb([0, 1.5, -1])).forEach((v, i) => expect(v).toBeCloseTo([-2.656574268737182, -1.400609857563147, -1.416886929541243][i], 5));
          expect(values(d.mean)[0]).toBeCloseTo(1.1, 5);
          expect(values(d.variance)[0]).toBeCloseTo(2.665, 5);
          // Far in a tail every component's density underflows: log-sum-exp keeps it finite.
          expect(values(d.logProb(1e3))[0]).toBeCloseTo(-0.5 * 998 ** 2 - 0.5 * Math.log(2 * Math.PI) + Math.log(0.7), -2);
        });
        d.dispose();
      }),
    ).toBe(0);
  });

  it('samples with moments within 4 standard errors, also over vector events and batches', () => {
    tf.tidy(() => {
      const { meanZ, varianceZ } = checkMoments(mixture(), { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      const vec = new MixtureSameFamily(
        new Categorical({ logits: [[0, 1], [2, -1]] }),
        new MultivariateNormalDiag([[[-2, 0], [3, 1]], [[0, 0], [5, -5]]], [[[1, 1], [0.5, 2]], [[1, 1], [1, 1]]]),
      );
      expect(vec.batchShape).toEqual([2]);
      expect(vec.eventShape).toEqual([2]);
      const m = checkMoments(vec, { samples: 20000, seed: 2 });
      [...m.meanZ, ...m.varianceZ].forEach((z) => expect(z).toBeLessThan(4));
    });
  });

  it('serves as a prior for a Monte Carlo KL, differentiable in the posterior (no closed form exists)', () => {
    tf.tidy(() => {
      const prior = mixture();
      expect(() => kl(new Normal(0, 1), prior)).toThrow('mcSamples');
      const { value, stdError } = kl(new Normal(0, 1), prior, { mcSamples: 5000, seed: 3 });
      // scipy 1.10.1: quad(N(x) (log N(x) - log mixture(x)), -20, 20) = 0.6795592313005085
      expect(Math.abs(values(value)[0] - 0.6795592313005085)).toBeLessThan(4 * values(stdError)[0]);
      expect(gradientError((mu) => kl(new Normal(mu, 1), mixture(), { mcSamples: 2000, seed: 4 }).value, tf.tensor1d([0.3]))).toBeLessThan(5e-3);
    });
  });

  it('rejects components whose last batch dimension is not the number of weights', () => {
    tf.tidy(() => {
      expect(() => new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal([0, 1, 2], 1))).toThrow(DivergentInputError);
      expect(() => new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal(0, 1))).toThrow('2 components');
    });
  });
});
