import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Beta } from './beta.js';
import { Dirichlet } from './dirichlet.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const closeRel = (a: number[], e: number[], tol = 2e-5): void => e.forEach((v, i) => expect(Math.abs(a[i] - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol));
const withinErrorBars = (zs: number[]): void => zs.forEach((z) => expect(z).toBeLessThan(4));
// Parameter sets shared by the Gamma and Beta pairs: rows p₁, p₂, q₁, q₂.
const params = tf.tensor2d([
  [0.5, 2, 7],
  [1, 3, 0.5],
  [1.5, 2.5, 4],
  [2, 1, 0.7],
]);
const row = (x: tf.Tensor, i: number): tf.Tensor => tf.gather(x, i);

describe('KL in the Gamma family (torch.distributions values, Monte Carlo, finite differences)', () => {
  it('Gamma-Gamma', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const p = new Gamma(row(params, 0), row(params, 1));
          const q = new Gamma(row(params, 2), row(params, 3));
          // torch 1.13 float64: kl_divergence(Gamma(α₁, β₁), Gamma(α₂, β₂))
          closeRel(values(kl(p, q)), [0.7306420746215598, 1.4864880912606269, 2.2849723160285014]);
          withinErrorBars(checkKL(p, q, { mcSamples: 20000, seed: 1 }).zScore);
          expect(gradientError((x) => kl(new Gamma(row(x, 0), row(x, 1)), new Gamma(row(x, 2), row(x, 3))), params)).toBeLessThan(2e-3);
        }),
      ),
    ).toBe(0);
  });

  it('Exponential-Exponential, Exponential-Gamma, Gamma-Exponential', () => {
    tf.tidy(() => {
      const e = new Exponential([0.5, 2]);
      // torch 1.13 float64; the first Exponential pair is log 0.5 + 2 - 1 by hand.
      closeRel(values(kl(e, new Exponential([1, 0.3]))), [0.3068528194400546, 1.0471199848858812]);
      closeRel(values(kl(e, new Gamma([1.5, 0.7], [2, 1.3]))), [1.0883840531356856, 0.03925058832592487]);
      closeRel(values(kl(new Gamma([1.5, 0.7], [2, 1.3]), e)), [0.4003215857444239, 0.05127998040833659]);
      // Exponential(λ) is Gamma(1, λ): the mixed pairs must agree with Gamma-Gamma.
      closeRel(values(kl(e, new Gamma([1.5, 0.7], [2, 1.3]))), values(kl(new Gamma(1, [0.5, 2]), new Gamma([1.5, 0.7], [2, 1.3]))));
      withinErrorBars(checkKL(e, new Exponential([1, 0.3]), { mcSamples: 20000, seed: 2 }).zScore);
      withinErrorBars(checkKL(e, new Gamma([1.5, 0.7], [2, 1.3]), { mcSamples: 20000, seed: 3 }).zScore);
      withinErrorBars(checkKL(new Gamma([1.5, 0.7], [2, 1.3]), e, { mcSamples: 20000, seed: 4 }).zScore);
      const x = tf.tensor2d([
        [0.5, 2],
        [1.5, 0.7],
        [2, 1.3],
      ]);
      expect(gradientError((v) => kl(new Exponential(row(v, 0)), new Exponential(row(v, 1))), x)).toBeLessThan(2e-3);
      expect(gradientError((v) => kl(new Exponential(row(v, 0)), new Gamma(row(v, 1), row(v, 2))), x)).toBeLessThan(2e-3);
      expect(gradientError((v) => kl(new Gamma(row(v, 1), row(v, 2)), new Exponential(row(v, 0))), x)).toBeLessThan(2e-3);
      // KL(Exp(λ) ‖ Exp(λ(1 + δ))) = δ - log(1 + δ) ≈ δ²/2: no cancellation at δ = 1e-3.
      expect(Math.abs(values(kl(new Exponential(2), new Exponential(2.002)))[0] / 4.9967e-7 - 1)).toBeLessThan(0.01);
    });
  });

  it('Beta-Beta', () => {
    tf.tidy(() => {
      const p = new Beta(row(params, 0), row(params, 1));
      const q = new Beta(row(params, 2), row(params, 3));
      // torch 1.13 float64: kl_divergence(Beta(a₁, b₁), Beta(a₂, b₂))
      closeRel(values(kl(p, q)), [0.5988026183378433, 0.9436159179138452, 0.25910370587872755]);
      withinErrorBars(checkKL(p, q, { mcSamples: 20000, seed: 5 }).zScore);
      expect(gradientError((x) => kl(new Beta(row(x, 0), row(x, 1)), new Beta(row(x, 2), row(x, 3))), params)).toBeLessThan(2e-3);
    });
  });

  it('Dirichlet-Dirichlet', () => {
    tf.tidy(() => {
      const ap = [
        [0.5, 2, 3],
        [1, 1, 1],
      ];
      const aq = [1.5, 0.7, 2];
      const p = new Dirichlet(ap);
      const q = new Dirichlet(aq);
      // torch 1.13 float64: kl_divergence(Dirichlet(ap), Dirichlet(aq)), broadcast over the batch of p
      closeRel(values(kl(p, q)), [2.1253241196615233, 0.5846765524957764]);
      withinErrorBars(checkKL(p, q, { mcSamples: 20000, seed: 6 }).zScore);
      expect(gradientError((x) => kl(new Dirichlet(x), q), tf.tensor2d(ap))).toBeLessThan(2e-3);
      expect(gradientError((x) => kl(p, new Dirichlet(x)), tf.tensor1d(aq))).toBeLessThan(2e-3);
    });
  });
});
