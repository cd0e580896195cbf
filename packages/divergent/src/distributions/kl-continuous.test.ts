import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Beta } from './beta.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';
import { Laplace } from './laplace.js';
import { Normal } from './normal.js';
import { Uniform } from './uniform.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const closeRel = (a: number[], e: number[], tol = 2e-5): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol));
const row = (x: tf.Tensor, i: number): tf.Tensor => tf.gather(x, i);

describe('KL between Laplace and Uniform distributions', () => {
  it('Laplace-Laplace matches torch.distributions, the Monte Carlo mean and finite differences', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const p = new Laplace([0, 1, -2], [1, 0.5, 3]);
          const q = new Laplace([1, 1, 0.5], [2, 0.5, 1.5]);
          // torch 1.13 float64: kl_divergence(Laplace(p), Laplace(q)); the middle pair is identical.
          closeRel(values(kl(p, q)), [0.37708690114566656, 0, 0.8427159031208777]);
          checkKL(p, q, { mcSamples: 20000, seed: 1 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
          const x = tf.tensor2d([
            [0, 1.2, -2],
            [1, 0.5, 3],
            [1, 1, 0.5],
            [2, 0.7, 1.5],
          ]);
          expect(gradientError((v) => kl(new Laplace(row(v, 0), row(v, 1)), new Laplace(row(v, 2), row(v, 3))), x)).toBeLessThan(2e-3);
        }),
      ),
    ).toBe(0);
  });

  it('Uniform-Uniform is log of the width ratio when nested and +Infinity otherwise', () => {
    tf.tidy(() => {
      const p = new Uniform([0, 0.2, -1], [1, 0.5, 0.5]);
      const q = new Uniform([-1, 0, 0], [2, 1, 1]);
      // torch 1.13 float64: log 3 and log(1/0.3); the third is not nested ([-1, 0.5] ⊄ [0, 1]).
      const d = values(kl(p, q));
      closeRel(d.slice(0, 2), [1.0986122886681098, 1.2039728043259361]);
      expect(d[2]).toBe(Infinity);
      // The Monte Carlo integrand log p - log q is constant here: every draw gives the exact value.
      const mc = kl(new Uniform([0, 0.2], [1, 0.5]), new Uniform([-1, 0], [2, 1]), { mcSamples: 100, seed: 2 });
      closeRel(values(mc.value), [1.0986122886681098, 1.2039728043259361]);
      expect(values(mc.stdError).every((s) => s < 1e-6)).toBe(true);
      const x = tf.tensor2d([
        [0, 0.2],
        [1, 0.5],
        [-1, 0],
        [2, 1],
      ]);
      expect(gradientError((v) => kl(new Uniform(row(v, 0), row(v, 1)), new Uniform(row(v, 2), row(v, 3))), x)).toBeLessThan(2e-3);
    });
  });

  it('Uniform-Normal matches torch.distributions, the Monte Carlo mean and finite differences', () => {
    tf.tidy(() => {
      const p = new Uniform([0, -1], [1, 3]);
      const q = new Normal([0.3, 0], [2, 1]);
      // torch 1.13 float64: kl_divergence(Uniform(...), Normal(...))
      closeRel(values(kl(p, q)), [1.6275023804312845, 0.6993108387514486]);
      checkKL(p, q, { mcSamples: 20000, seed: 3 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
      const x = tf.tensor2d([
        [0, -1],
        [1, 3],
        [0.3, 0],
        [2, 1],
      ]);
      expect(gradientError((v) => kl(new Uniform(row(v, 0), row(v, 1)), new Normal(row(v, 2), row(v, 3))), x)).toBeLessThan(2e-3);
    });
  });

  it('is +Infinity where the supports do not nest (ℝ against [0, ∞) or [a, b]; [0, ∞) against [a, b])', () => {
    tf.tidy(() => {
      const cases: [() => tf.Tensor, number[]][] = [
        [() => kl(new Normal([0, 1], 1), new Exponential(1)), [2]],
        [() => kl(new Laplace(0, 1), new Gamma(2, 1)), []],
        [() => kl(new Normal(0, 1), new Uniform(-5, 5)), []],
        [() => kl(new Normal(0, 1), new Beta(2, 2)), []],
        [() => kl(new Gamma([1, 2, 3], 1), new Uniform(0, 100)), [3]],
        [() => kl(new Exponential(1), new Beta(1, 1)), []],
      ];
      for (const [f, shape] of cases) {
        const d = f();
        expect(d.shape).toEqual(shape);
        expect(values(d).every((v) => v === Infinity)).toBe(true);
      }
      // The Monte Carlo estimate agrees: some draw lands where q has no density.
      expect(values(kl(new Normal(0, 1), new Uniform(-1, 1), { mcSamples: 1000, seed: 4 }).value)).toEqual([Infinity]);
    });
  });
});
