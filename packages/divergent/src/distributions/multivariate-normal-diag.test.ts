import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Independent } from './independent.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('MultivariateNormalDiag and Independent', () => {
  it('sum the coordinates: logProb and entropy match torch Independent(Normal, 1)', () => {
    expect(
      leakedTensors(() => {
        const d = new MultivariateNormalDiag(
          [
            [0, 1, -2],
            [0.3, 0.2, 0.1],
          ],
          [
            [1, 0.5, 3],
            [1, 1, 1],
          ],
        );
        expect(d.batchShape).toEqual([2]);
        expect(d.eventShape).toEqual([3]);
        const lp = d.logProb([0.5, -0.5, 1.0]);
        const h = d.entropy();
        // torch 1.13, float64: Independent(Normal(loc, scale), 1).log_prob(...) and .entropy()
        values(lp).forEach((v, i) => expect(v).toBeCloseTo([-8.287280707722182, -3.4268155996140175][i], 4));
        values(h).forEach((v, i) => expect(v).toBeCloseTo([4.662280707722182, 4.2568155996140185][i], 5));
        tf.dispose([lp, h]);
        d.dispose();
      }),
    ).toBe(0);
  });

  it('Independent(Normal, 1) equals MultivariateNormalDiag and reshapes batch into event', () => {
    tf.tidy(() => {
      const ind = new Independent(new Normal(tf.zeros([4, 2]), tf.ones([4, 2])), 1);
      expect(ind.batchShape).toEqual([4]);
      expect(ind.eventShape).toEqual([2]);
      const mvn = new MultivariateNormalDiag(tf.zeros([4, 2]), tf.ones([4, 2]));
      const x = tf.randomNormal([5, 4, 2], 0, 1, 'float32', 1);
      values(ind.logProb(x)).forEach((v, i) => expect(v).toBeCloseTo(values(mvn.logProb(x))[i], 5));
      expect(ind.hasRsample).toBe(true);
      expect(() => new Independent(new Normal(0, 1), 1)).toThrow(DivergentInputError);
      expect(() => mvn.logProb([1, 2, 3])).toThrow('event shape [2]');
    });
  });

  it('samples with the right per-coordinate mean and variance within 4 standard errors', () => {
    tf.tidy(() => {
      const mu = [1, -2, 0.5];
      const sd = [0.1, 2, 1];
      const d = new MultivariateNormalDiag(mu, sd);
      const n = 20000;
      const x = d.rsample([n], { seed: 9 });
      expect(x.shape).toEqual([n, 3]);
      const { mean, variance } = tf.moments(x, 0);
      values(mean).forEach((m, i) => expect(Math.abs(m - mu[i])).toBeLessThan((4 * sd[i]) / Math.sqrt(n)));
      values(variance).forEach((v, i) => expect(Math.abs(v - sd[i] ** 2)).toBeLessThan(4 * sd[i] ** 2 * Math.sqrt(2 / n)));
      values(d.variance).forEach((v, i) => expect(v).toBeCloseTo(sd[i] ** 2, 5));
    });
  });

  it('rejects a scalar loc and bad scales, freeing what it converted', () => {
    const before = tf.memory().numTensors;
    expect(() => new MultivariateNormalDiag(0, [1, 1])).toThrow('loc: expected a vector');
    expect(() => new MultivariateNormalDiag([0, 0], [1, -1])).toThrow('scale[1] = -1');
    expect(tf.memory().numTensors).toBe(before);
  });
});
