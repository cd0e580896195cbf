import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Laplace } from './laplace.js';
import { checkEntropy, checkMoments } from './sampling-check.js';
import { Uniform } from './uniform.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('Laplace', () => {
  it('matches scipy.stats.laplace, and samples with moments and entropy within 4 standard errors', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Laplace([0, 1], [1, 0.5]);
          // scipy 1.10.1: laplace.logpdf([0.3, 2], loc, scale); entropy 1 + log 2b by hand.
          values(d.logProb([0.3, 2])).forEach((v, i) => expect(v).toBeCloseTo([-0.9931471805599453, -2][i], 5));
          values(d.entropy()).forEach((v, i) => expect(v).toBeCloseTo(1 + Math.log(2 * [1, 0.5][i]), 5));
          const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
          [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
          checkEntropy(d, { samples: 20000, seed: 2 }).forEach((z) => expect(z).toBeLessThan(4));
          expect(() => new Laplace(0, -1)).toThrow(DivergentInputError);
        }),
      ),
    ).toBe(0);
  });
});

describe('Uniform', () => {
  it('has density 1/(high - low) on [low, high], -Infinity outside, and samples within 4 standard errors', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Uniform([0, -2], [1, 3]);
          values(d.logProb([[0.5], [1.5]])).forEach((v, i) => expect(v).toBeCloseTo([0, -Math.log(5), -Infinity, -Math.log(5)][i], 6));
          expect(values(d.logProb([1, -2])).map((v) => v + 0)).toEqual([0, -Math.fround(Math.log(5))]); // both ends belong to the support
          values(d.entropy()).forEach((v, i) => expect(v).toBeCloseTo([0, Math.log(5)][i], 6));
          const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 3 });
          [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
          // d/dhigh of E[x] is 1/2 through rsample (exactly, since it is mean(u)).
          const g = tf.grad((h: tf.Tensor) => tf.mean(new Uniform(0, h).rsample([20000], { seed: 4 })))(tf.scalar(2)).dataSync()[0];
          expect(Math.abs(g - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 20000));
        }),
      ),
    ).toBe(0);
  });

  it('rejects high <= low', () => {
    const before = tf.memory().numTensors;
    expect(() => new Uniform([0, 1], [1, 1])).toThrow(DivergentInputError);
    expect(() => new Uniform([0, 1], [1, 1])).toThrow('high - low[1] = 0');
    expect(tf.memory().numTensors).toBe(before);
  });
});
