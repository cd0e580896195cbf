import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Poisson } from './poisson.js';
import { checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('Poisson', () => {
  it('matches scipy.stats.poisson.logpmf; -Infinity for negative or fractional counts', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Poisson([0.5, 3, 20]);
          // scipy 1.10.1: poisson.logpmf([0, 3, 25], [0.5, 3, 20])
          values(d.logProb([0, 3, 25])).forEach((v, i) => expect(v).toBeCloseTo([-0.5, -1.4959226032237258, -3.1102983841307505][i], 5));
          expect(values(d.logProb([-1, 2.5, Infinity]))).toEqual([-Infinity, -Infinity, -Infinity]);
        }),
      ),
    ).toBe(0);
  });

  it('samples (small λ by products of uniforms, large λ by PTRS) with moments within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Poisson([0.3, 4, 12, 250]);
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      // Entropy has no closed form; the pmf must still sum to 1 over its support.
      const total = values(tf.sum(tf.exp(new Poisson([[4], [12]]).logProb(tf.range(0, 80))), -1));
      total.forEach((t) => expect(t).toBeCloseTo(1, 5));
    });
  });

  it('rejects a non-positive rate', () => {
    expect(() => new Poisson([1, 0])).toThrow(DivergentInputError);
    expect(() => new Poisson([1, 0])).toThrow('rate[1] = 0');
    const d = new Poisson(2);
    expect(() => d.entropy()).toThrow('Poisson has no closed-form entropy');
    expect(() => d.rsample()).toThrow('use sample()');
    d.dispose();
  });
});
