import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Bernoulli } from './bernoulli.js';
import { Distribution } from './distribution.js';
import { Independent } from './independent.js';
import { kl, registerKL } from './kl.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

// Classes made only for these tests, so that their registrations touch no real pair.
class Tagged extends Normal {}
class TaggedMore extends Tagged {}

describe('kl registry', () => {
  it('dispatches to the most specific registered pair', () => {
    tf.tidy(() => {
      registerKL(Tagged, Normal, () => tf.scalar(1));
      registerKL(Tagged, Tagged, () => tf.scalar(2));
      registerKL(TaggedMore, Normal, () => tf.scalar(3));
      const n = new Normal(0, 1);
      const t = new Tagged(0, 1);
      const m = new TaggedMore(0, 1);
      expect(values(kl(n, n))).toEqual([0]); // Normal-Normal closed form
      expect(values(kl(t, n))).toEqual([1]);
      expect(values(kl(t, t))).toEqual([2]);
      // p's class is matched first: (TaggedMore, Normal) beats (Tagged, Tagged) for (TaggedMore, TaggedMore).
      expect(values(kl(m, m))).toEqual([3]);
      expect(values(kl(n, t))).toEqual([0]); // falls back to (Normal, Normal)
    });
  });

  it('refuses to register a pair twice', () => {
    expect(() => registerKL(Normal, Normal, () => tf.scalar(0))).toThrow(DivergentInputError);
    expect(() => registerKL(Normal, Normal, () => tf.scalar(0))).toThrow('already registered');
  });

  it('names both classes and the Monte Carlo option for an unregistered pair', () => {
    tf.tidy(() => {
      const p = new Normal(0, 1);
      const q = new Bernoulli({ logits: 0 });
      expect(() => kl(q, p)).toThrow(DivergentInputError);
      expect(() => kl(q, p)).toThrow(/KL\(Bernoulli ‖ Normal\).*kl\(p, q, \{ mcSamples: 1000, seed: 0 \}\)/);
    });
  });

  it('rejects mismatched event shapes and batch shapes that do not broadcast', () => {
    tf.tidy(() => {
      expect(() => kl(new MultivariateNormalDiag([0, 0], [1, 1]), new MultivariateNormalDiag([0, 0, 0], [1, 1, 1]))).toThrow('event shapes differ');
      expect(() => kl(new Normal([0, 0], 1), new Normal([0, 0, 0], 1))).toThrow(DivergentInputError);
      expect(() =>
        kl(new Independent(new MultivariateNormalDiag([[0]], [[1]]), 0), new Independent(new Normal([[0]], [[1]]), 1)),
      ).toThrow('reinterpretedBatchNdims');
    });
  });
});

describe('kl by Monte Carlo', () => {
  it('returns value and stdError of the batch shape; the closed form lies within 4 standard errors', () => {
    expect(
      leakedTensors(() => {
        const p = new Normal([0, 2], [1, 0.5]);
        const q = new Normal(0, 2);
        const exact = kl(p, q);
        const { value, stdError } = kl(p, q, { mcSamples: 10000, seed: 7 });
        expect(value.shape).toEqual([2]);
        expect(stdError.shape).toEqual([2]);
        const v = values(value);
        const se = values(stdError);
        values(exact).forEach((e, i) => {
          expect(se[i]).toBeGreaterThan(0);
          expect(Math.abs(v[i] - e)).toBeLessThan(4 * se[i]);
        });
        // Same seed, same estimate.
        const again = kl(p, q, { mcSamples: 10000, seed: 7 });
        expect(values(again.value)).toEqual(v);
        tf.dispose([exact, value, stdError, again.value, again.stdError]);
        p.dispose();
        q.dispose();
      }),
    ).toBe(0);
  });

  it('is differentiable through rsample: d/dμ KL(N(μ,1) ‖ N(0,1)) ≈ μ', () => {
    tf.tidy(() => {
      const g = tf.grad((mu: tf.Tensor) => kl(new Normal(mu, 1), new Normal(0, 1), { mcSamples: 4000, seed: 1 }).value)(tf.scalar(1.5));
      // d/dμ of mean(log p(μ+ε) - log q(μ+ε)) = mean(μ + ε) exactly: μ within 4/√n.
      expect(Math.abs(g.dataSync()[0] - 1.5)).toBeLessThan(4 / Math.sqrt(4000));
    });
  });

  it('gives +Infinity with zero standard error when p puts mass where q has none', () => {
    tf.tidy(() => {
      // q is a Bernoulli; p is a Bernoulli with more outcomes than q allows.
      const { value, stdError } = kl(new Bernoulli({ probs: 0.5 }), new Bernoulli({ probs: 1 }), { mcSamples: 100, seed: 1 });
      expect(values(value)).toEqual([Infinity]);
      expect(values(stdError)).toEqual([0]);
    });
  });

  it('rejects fewer than 2 samples', () => {
    tf.tidy(() => {
      expect(() => kl(new Normal(0, 1), new Normal(0, 1), { mcSamples: 1 })).toThrow('mcSamples');
    });
  });

  it('reports in another logarithm base on request (bits), in both forms, and rejects a bad base', () => {
    tf.tidy(() => {
      const p = new Bernoulli({ probs: 1 });
      const q = new Bernoulli({ probs: 0.5 });
      // KL(certain ‖ fair coin) = log 2 nats = 1 bit, exactly.
      expect(values(kl(p, q, { base: 2 }))[0]).toBeCloseTo(1, 6);
      expect(values(kl(p, q, { mcSamples: 10, seed: 1, base: 2 }).value)[0]).toBeCloseTo(1, 6);
      expect(() => kl(p, q, { base: 1 })).toThrow(DivergentInputError);
    });
  });

  it('only accepts distributions', () => {
    expect(() => kl({} as Distribution, new Normal(0, 1))).toThrow('p: expected a Distribution');
  });
});
