import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Bernoulli } from './bernoulli.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('Bernoulli', () => {
  it('matches torch log_prob and entropy for logits', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Bernoulli({ logits: [-2, 0, 3] });
          // torch 1.13, float64: Bernoulli(logits=[-2, 0, 3]).log_prob(1 / 0) and .entropy()
          const one = [-2.1269280110429727, -0.6931471805599453, -0.048587351573741965];
          const zero = [-0.1269280110429726, -0.6931471805599453, -3.048587351573742];
          values(d.logProb([1, 1, 1])).forEach((v, i) => expect(v).toBeCloseTo(one[i], 5));
          values(d.logProb([0, 0, 0])).forEach((v, i) => expect(v).toBeCloseTo(zero[i], 5));
          values(d.entropy()).forEach((v, i) => expect(v).toBeCloseTo([0.3653338550872077, 0.6931471805599453, 0.19086497110644188][i], 5));
        }),
      ),
    ).toBe(0);
  });

  it('keeps log-probabilities exact where probabilities round to 0 or 1, and -Infinity off the support', () => {
    tf.tidy(() => {
      const d = new Bernoulli({ logits: [50, -50] });
      // log σ(-50) = -50 - log1p(e^-50); log σ(50) = -log1p(e^-50) ≈ -1.9287e-22.
      const lp0 = values(d.logProb([0, 1]));
      expect(lp0[0]).toBeCloseTo(-50, 4);
      expect(lp0[1]).toBeCloseTo(-50, 4);
      expect(Math.abs(values(d.logProb([1, 0]))[0] / -1.9287498479639178e-22 - 1)).toBeLessThan(1e-6);
      expect(values(d.logProb([0.5, 2]))).toEqual([-Infinity, -Infinity]);
      const certain = new Bernoulli({ probs: [0, 1] });
      expect(values(certain.logProb([0, 1])).map((v) => v + 0)).toEqual([0, 0]); // -0 and 0 are both exact
      expect(values(certain.logProb([1, 0]))).toEqual([-Infinity, -Infinity]);
      expect(values(certain.entropy())).toEqual([0, 0]);
    });
  });

  it('samples with mean p and variance p(1-p) within 4 standard errors', () => {
    tf.tidy(() => {
      const p = [0.1, 0.5, 0.93];
      const d = new Bernoulli({ probs: p });
      const n = 20000;
      const { mean, variance } = tf.moments(d.sample([n], { seed: 4 }), 0);
      values(mean).forEach((m, i) => expect(Math.abs(m - p[i])).toBeLessThan(4 * Math.sqrt((p[i] * (1 - p[i])) / n)));
      // The sample variance is m(1 - m) for the sample mean m: its sd is |1 - 2p|·sd(m) to first
      // order, plus a second-order (m - p)² term that dominates at p = 1/2.
      values(variance).forEach((v, i) => {
        const s2 = p[i] * (1 - p[i]);
        const sdMean = Math.sqrt(s2 / n);
        expect(Math.abs(v - s2)).toBeLessThan(4 * Math.abs(1 - 2 * p[i]) * sdMean + (4 * sdMean) ** 2);
      });
      values(d.mean).forEach((m, i) => expect(m).toBeCloseTo(p[i], 6));
      values(d.variance).forEach((v, i) => expect(v).toBeCloseTo(p[i] * (1 - p[i]), 6));
    });
  });

  it('requires exactly one of logits / probs, and probs in [0, 1]', () => {
    const before = tf.memory().numTensors;
    expect(() => new Bernoulli({} as never)).toThrow('exactly one of');
    expect(() => new Bernoulli({ logits: 0, probs: 0.5 } as never)).toThrow('got both');
    expect(() => new Bernoulli({ probs: [0.5, 1.5] })).toThrow(DivergentInputError);
    expect(() => new Bernoulli({ probs: [0.5, 1.5] })).toThrow('probs[1] = 1.5');
    expect(tf.memory().numTensors).toBe(before);
  });
});
