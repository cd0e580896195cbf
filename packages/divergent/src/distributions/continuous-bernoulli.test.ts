import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';
import { checkEntropy, checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
// torch 1.13 float64, ContinuousBernoulli(logits=...): log_prob(0.3), mean, variance, entropy.
// (torch clamps probs near 1, so the logit 60 column is worked by hand: log C = log 60,
// log p(0.3) = log 60 + 0.3·60 - softplus(60), mean = 1 - 1/60, variance = 1/3600.)
const l = [-30, -3, -0.2, 0, 0.05, 0.7, 4, 60];
const torchLogProb = [-5.598802618337752, 0.24968146961081106, 0.038333888536419836, 0, -0.010104164496612111, -0.16033394113034705, -1.3952201920542227, Math.log(60) + 18 - 60];
const torchMean = [0.033333333333239755, 0.28093763684207734, 0.48334443387300574, 0.5, 0.5041664930659238, 0.5578624350630348, 0.7686573603637741, 1 - 1 / 60];
const torchVariance = [0.001111111111017535, 0.055970105609051336, 0.0831669308470353, 0.08333333333333333, 0.08332291769852418, 0.08133069557133377, 0.04349454254048221, 1 / 3600];
const torchEntropy = [-2.4011973816650563, -0.3068685590845792, -0.0016650017618186075, 0, -0.00010416015668412992, -0.020169763413776964, -0.4794092494008737];

describe('ContinuousBernoulli', () => {
  it('matches torch log_prob, mean, variance and entropy, across the Taylor cut at |l| = 0.5', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new ContinuousBernoulli({ logits: l });
          const rel = (a: number[], e: number[], tol: number): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol));
          rel(values(d.logProb(0.3)), torchLogProb, 1e-5);
          rel(values(d.mean), torchMean, 1e-5);
          values(d.variance).forEach((v, i) => expect(Math.abs(v - torchVariance[i]) / torchVariance[i]).toBeLessThan(1e-4));
          rel(values(d.entropy()).slice(0, 7), torchEntropy, 1e-5);
          expect(values(d.logProb([[-0.1], [1.1]])).every((v) => v === -Infinity)).toBe(true);
        }),
      ),
    ).toBe(0);
  });

  it('integrates to 1 on [0, 1] (midpoint rule, 2000 cells)', () => {
    tf.tidy(() => {
      const d = new ContinuousBernoulli({ logits: [[-6], [0.3], [9]] });
      const x = tf.div(tf.add(tf.range(0, 2000), 0.5), 2000);
      values(tf.div(tf.sum(tf.exp(d.logProb(x)), -1), 2000)).forEach((v) => expect(v).toBeCloseTo(1, 4));
    });
  });

  it('samples within [0, 1] with moments and entropy within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new ContinuousBernoulli({ probs: [0.02, 0.4, 0.5, 0.93] });
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 5 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 6 }).forEach((z) => expect(z).toBeLessThan(4));
      const x = values(new ContinuousBernoulli({ logits: [-120, 120] }).sample([1000], { seed: 1 }));
      expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    });
  });

  it('has log-likelihood gradients in the logits that match finite differences, including near 0', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0.1, 0.5, 0.8, 0.3, 0.95]);
      expect(gradientError((v) => new ContinuousBernoulli({ logits: v }).logProb(x), tf.tensor1d([-4, -0.3, 0.02, 0.6, 7]))).toBeLessThan(2e-3);
    });
  });

  it('KL pairs match torch.distributions, the Monte Carlo mean and finite differences', () => {
    tf.tidy(() => {
      const a = [-3, 0, 0.2, 5];
      const b = [1, -0.3, 0.25, -2];
      const p = new ContinuousBernoulli({ logits: a });
      const q = new ContinuousBernoulli({ logits: b });
      // torch 1.13 float64: kl_divergence(ContinuousBernoulli(logits=a), ContinuousBernoulli(logits=b))
      const expected = [0.5672557768554201, 0.0037471915110892373, 0.00010392190392874423, 1.425123607798903];
      values(kl(p, q)).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(2e-6 * Math.max(1, expected[i])));
      checkKL(p, q, { mcSamples: 20000, seed: 7 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
      const x = tf.tensor2d([a, b]);
      expect(gradientError((v) => kl(new ContinuousBernoulli({ logits: tf.gather(v, 0) }), new ContinuousBernoulli({ logits: tf.gather(v, 1) })), x)).toBeLessThan(2e-3);
    });
  });

  it('rejects probs of exactly 0 or 1 (no density on [0, 1])', () => {
    expect(() => new ContinuousBernoulli({ probs: [0.5, 1] })).toThrow(DivergentInputError);
    expect(() => new ContinuousBernoulli({ probs: [0.5, 1] })).toThrow('strictly inside (0, 1)');
  });
});
