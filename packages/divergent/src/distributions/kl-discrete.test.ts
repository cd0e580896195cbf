import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { klDivergence } from '../info/kl.js';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical } from './categorical.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';
import { Poisson } from './poisson.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const closeRel = (a: number[], e: number[], tol = 1e-5): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(Math.abs(v), 1e-300)).toBeLessThan(tol));

describe('KL between Bernoullis', () => {
  it('matches torch.distributions and the Monte Carlo mean', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const p = new Bernoulli({ logits: [-2, 0, 3] });
          const q = new Bernoulli({ logits: [1, 0.5, -1] });
          // torch 1.13 float64: kl_divergence(Bernoulli(logits=a), Bernoulli(logits=b))
          closeRel(values(kl(p, q)), [0.8287249104088976, 0.0309298036201614, 1.0749708432342142]);
          checkKL(p, q, { mcSamples: 20000, seed: 1 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
        }),
      ),
    ).toBe(0);
  });

  it('is exact in logit space at ±50 (mpmath, 50 digits), with finite gradients', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([50, 50, -50, 40, -50]);
      const b = tf.tensor1d([-50, 40, 50, 50, -40]);
      // mpmath at 50 digits: p·log(p/q) + (1-p)·log((1-p)/(1-q)) with p = σ(a), q = σ(b)
      closeRel(values(kl(new Bernoulli({ logits: a }), new Bernoulli({ logits: b }))), [50, 4.2462326304588287e-18, 50, 3.8235381172609097e-17, 4.2462326304588287e-18], 1e-4);
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(new Bernoulli({ logits: x }), new Bernoulli({ logits: y })))([a, b]);
      // mpmath: ∂KL/∂b = σ(b) - σ(a): -1, -4.248e-18, 1, 4.248e-18, 4.248e-18
      closeRel(values(gb), [-1, -4.2481613803067926e-18, 1, 4.2481613803067926e-18, 4.2481613803067926e-18], 1e-3);
      expect(values(ga).every(Number.isFinite)).toBe(true);
      expect(gradientError((x) => kl(new Bernoulli({ logits: x }), new Bernoulli({ logits: [1, -2, 0.3] })), tf.tensor1d([-1.5, 0.4, 2]))).toBeLessThan(2e-3);
    });
  });

  it('handles probs of exactly 0 and 1: 0·log 0 = 0, and +Infinity when q rules out what p allows', () => {
    tf.tidy(() => {
      const d = values(kl(new Bernoulli({ probs: [1, 0, 0.5, 1] }), new Bernoulli({ probs: [0.5, 0.5, 1, 0] })));
      expect(d[0]).toBeCloseTo(Math.LN2, 6);
      expect(d[1]).toBeCloseTo(Math.LN2, 6);
      expect(d[2]).toBe(Infinity);
      expect(d[3]).toBe(Infinity);
    });
  });
});

describe('KL between Categoricals', () => {
  const lp = [
    [1, 0, -2],
    [0.3, 0.3, 0.4],
  ];
  const lq = [0.5, -1, 2];

  it('matches torch.distributions, the Monte Carlo mean, and klDivergence of the info measures', () => {
    tf.tidy(() => {
      const p = new Categorical({ logits: lp });
      const q = new Categorical({ logits: lq });
      // torch 1.13 float64: kl_divergence(Categorical(logits=lp), Categorical(logits=lq))
      const expected = [1.3640116887431515, 0.5930294336120577];
      closeRel(values(kl(p, q)), expected);
      checkKL(p, q, { mcSamples: 20000, seed: 2 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
      const pp = p.probs.arraySync() as number[][];
      const qq = q.probs.arraySync() as number[];
      const info = klDivergence(pp, [qq, qq]) as number[];
      closeRel(values(kl(p, q)), info, 1e-5);
      closeRel(values(kl(new Categorical({ probs: pp }), new Categorical({ probs: [qq, qq] }))), info, 1e-5);
    });
  });

  it('is exact with logits at ±50 and has finite gradients there', () => {
    tf.tidy(() => {
      // mpmath at 50 digits: Σ softmax(a)(log softmax(a) - log softmax(b))
      const a = tf.tensor2d([
        [50, -50, 0],
        [50, 0, -50],
      ]);
      const b = tf.tensor2d([
        [-50, 50, 0],
        [40, 0, -50],
      ]);
      closeRel(values(kl(new Categorical({ logits: a }), new Categorical({ logits: b }))), [100, 4.2462326304588287e-18], 1e-4);
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(new Categorical({ logits: x }), new Categorical({ logits: y })))([a, b]);
      expect([...values(ga), ...values(gb)].every(Number.isFinite)).toBe(true);
      expect(gradientError((x) => kl(new Categorical({ logits: x }), new Categorical({ logits: lq })), tf.tensor2d(lp))).toBeLessThan(2e-3);
      expect(gradientError((y) => kl(new Categorical({ logits: lp }), new Categorical({ logits: y })), tf.tensor1d(lq))).toBeLessThan(2e-3);
    });
  });

  it('gives +Infinity where q has a zero p does not, and refuses different category counts', () => {
    tf.tidy(() => {
      expect(values(kl(new Categorical({ probs: [0.5, 0.5] }), new Categorical({ probs: [1, 0] })))).toEqual([Infinity]);
      expect(values(kl(new Categorical({ probs: [1, 0] }), new Categorical({ probs: [0.5, 0.5] })))[0]).toBeCloseTo(Math.LN2, 6);
      expect(() => kl(new Categorical({ probs: [1, 0] }), new Categorical({ probs: [0.5, 0.25, 0.25] }))).toThrow('different numbers of outcomes');
    });
  });
});

describe('KL between Poissons', () => {
  it('matches torch.distributions, the Monte Carlo mean, and finite-difference gradients', () => {
    tf.tidy(() => {
      const p = new Poisson([0.5, 3, 20]);
      const q = new Poisson([1, 2.5, 30]);
      // torch 1.13 float64; the first is 0.5·log 0.5 - 0.5 + 1 by hand.
      closeRel(values(kl(p, q)), [0.15342640972002736, 0.04696467038186403, 1.8906978378367079]);
      checkKL(p, q, { mcSamples: 20000, seed: 3 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
      const params = tf.tensor2d([
        [0.5, 3, 20],
        [1, 2.5, 30],
      ]);
      expect(gradientError((x) => kl(new Poisson(tf.gather(x, 0)), new Poisson(tf.gather(x, 1))), params)).toBeLessThan(2e-3);
    });
  });
});
