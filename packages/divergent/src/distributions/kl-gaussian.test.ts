import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Independent } from './independent.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const row = (x: tf.Tensor, i: number): tf.Tensor => tf.gather(x, i);

describe('KL between Gaussians', () => {
  it('Normal-Normal matches torch.distributions.kl_divergence and the Monte Carlo mean', () => {
    expect(
      leakedTensors(() => {
        const p = new Normal([0, 1, -2], [1, 0.5, 3]);
        const q = new Normal([1, 1, 0.5], [2, 0.5, 1.5]);
        const d = kl(p, q);
        // torch 1.13 float64: kl_divergence(Normal(p), Normal(q)); the first is log 2 + 1/8 + 1/8 - 1/2 by hand.
        values(d).forEach((v, i) => expect(v).toBeCloseTo([0.4431471805599453, 0, 2.195741708328944][i], 5));
        d.dispose();
        const c = checkKL(p, q, { mcSamples: 20000, seed: 1 });
        c.zScore.forEach((z) => expect(z).toBeLessThan(4));
        p.dispose();
        q.dispose();
      }),
    ).toBe(0);
  });

  it('MultivariateNormalDiag and Independent pairs sum the coordinate KLs (torch values)', () => {
    tf.tidy(() => {
      const locP = [
        [0, 1, -2],
        [0.3, 0.2, 0.1],
      ];
      const scaleP = [
        [1, 0.5, 3],
        [1, 1, 1],
      ];
      // torch 1.13 float64: kl_divergence(Independent(Normal(locP, scaleP), 1), Independent(Normal(locQ, scaleQ), 1))
      const expected = [2.6388888888888893, 2.6294928858859423];
      const p = new MultivariateNormalDiag(locP, scaleP);
      const q = new MultivariateNormalDiag([1, 1, 0.5], [2, 0.5, 1.5]);
      const viaDiag = kl(p, q);
      expect(viaDiag.shape).toEqual([2]);
      values(viaDiag).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      const ip = new Independent(new Normal(locP, scaleP), 1);
      const iq = new Independent(new Normal([1, 1, 0.5], [2, 0.5, 1.5]), 1);
      values(kl(ip, iq)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      checkKL(p, q, { mcSamples: 20000, seed: 2 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
      checkKL(ip, iq, { mcSamples: 20000, seed: 3 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
    });
  });

  it('is near zero without cancellation when p ≈ q', () => {
    tf.tidy(() => {
      // KL(N(0, 1) ‖ N(0, (1 + δ)²)) = δ² + O(δ³) for small δ: here 1e-6 - 5/3e-9 + ...
      const v = values(kl(new Normal(0, 1), new Normal(0, 1.001)))[0];
      expect(Math.abs(v / 9.98e-7 - 1)).toBeLessThan(0.05);
    });
  });

  it('gradients with respect to both parameter sets match finite differences', () => {
    tf.tidy(() => {
      // rows: loc p, scale p, loc q, scale q
      const params = tf.tensor2d([
        [0.2, -1, 3],
        [0.7, 1.3, 2],
        [1, 0.5, -0.5],
        [1.5, 0.8, 1.1],
      ]);
      const f = (x: tf.Tensor): tf.Tensor => {
        const [lp, sp, lq, sq] = tf.unstack(x);
        return kl(new Normal(lp, sp), new Normal(lq, sq));
      };
      expect(gradientError(f, params)).toBeLessThan(2e-3);
      const g = (x: tf.Tensor): tf.Tensor => {
        const [lp, sp, lq, sq] = tf.unstack(x);
        return kl(new MultivariateNormalDiag(lp, sp), new MultivariateNormalDiag(lq, sq));
      };
      expect(gradientError(g, params)).toBeLessThan(2e-3);
    });
  });

  it('broadcasts batch shapes: a [3] posterior against one standard-normal prior', () => {
    tf.tidy(() => {
      const d = kl(new Normal([0, 1, 2], [1, 1, 1]), new Normal(0, 1));
      // ½μ² when the scales are equal.
      values(d).forEach((v, i) => expect(v).toBeCloseTo([0, 0.5, 2][i], 6));
    });
  });

  describe('full covariance', () => {
    const L1 = [
      [2, 0, 0],
      [1, 2, 0],
      [0.3, 0.6, 1.5968719422671311],
    ];
    const L2 = [
      [1, 0, 0],
      [0.5, 1.5, 0],
      [-0.2, 0.1, 0.8],
    ];
    const m1 = [0, 1, -1];
    const m2 = [0.5, 0, 0.3];

    it('MultivariateNormal pairs match torch.distributions in both directions and the Monte Carlo mean', () => {
      expect(
        leakedTensors(() =>
          tf.tidy(() => {
            const p = new MultivariateNormal(m1, { scaleTril: L1 });
            const q = new MultivariateNormal(m2, { scaleTril: L2 });
            // torch 1.13 float64: kl_divergence(MultivariateNormal(m1, scale_tril=L1), MultivariateNormal(m2, scale_tril=L2)) and reversed
            expect(values(kl(p, q))[0]).toBeCloseTo(4.453197529977786, 4);
            expect(values(kl(q, p))[0]).toBeCloseTo(1.4803221799895347, 4);
            checkKL(p, q, { mcSamples: 20000, seed: 4 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
            checkKL(q, p, { mcSamples: 20000, seed: 5 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
            // A covariance parameterisation gives the same KL.
            const viaCov = new MultivariateNormal(m1, { covariance: [[4, 2, 0.6], [2, 5, 1.5], [0.6, 1.5, 3]] });
            expect(values(kl(viaCov, q))[0]).toBeCloseTo(4.453197529977786, 4);
          }),
        ),
      ).toBe(0);
    });

    it('mixes with MultivariateNormalDiag, and reduces to it for diagonal factors', () => {
      tf.tidy(() => {
        const diag = new MultivariateNormalDiag(m1, [1, 0.5, 2]);
        const q = new MultivariateNormal(m2, { scaleTril: L2 });
        // torch 1.13 float64: kl_divergence(MultivariateNormal(m1, scale_tril=diag([1, 0.5, 2])), q)
        expect(values(kl(diag, q))[0]).toBeCloseTo(4.653024681793955, 4);
        checkKL(diag, q, { mcSamples: 20000, seed: 6 }).zScore.forEach((z) => expect(z).toBeLessThan(4));
        const a = new MultivariateNormalDiag([[0, 1], [2, -1]], [[1, 2], [0.5, 0.5]]);
        const b = new MultivariateNormalDiag([1, 1], [2, 1]);
        const full = (d: MultivariateNormalDiag): MultivariateNormal => new MultivariateNormal(d.loc, { scaleTril: tf.mul(tf.expandDims(d.scaleDiag, -1), tf.eye(2)) });
        const expected = values(kl(a, b));
        [kl(full(a), full(b)), kl(a, full(b)), kl(full(a), b)].forEach((d) => values(d).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4)));
      });
    });

    it('has gradients in both locations and both factors that match finite differences', () => {
      tf.tidy(() => {
        const lower = tf.tensor2d([
          [1, 0, 0],
          [1, 1, 0],
          [1, 1, 1],
        ]);
        const factors = tf.stack([tf.tensor2d(L1), tf.tensor2d(L2)]);
        const f = (x: tf.Tensor): tf.Tensor =>
          kl(new MultivariateNormal(m1, { scaleTril: tf.mul(row(x, 0), lower) }), new MultivariateNormal(m2, { scaleTril: tf.mul(row(x, 1), lower) }));
        expect(gradientError(f, factors)).toBeLessThan(2e-3);
        const g = (x: tf.Tensor): tf.Tensor => kl(new MultivariateNormal(row(x, 0), { scaleTril: L1 }), new MultivariateNormal(row(x, 1), { scaleTril: L2 }));
        expect(gradientError(g, tf.tensor2d([m1, m2]))).toBeLessThan(2e-3);
      });
    });

    it('broadcasts a batch of posteriors against one prior', () => {
      tf.tidy(() => {
        const p = new MultivariateNormal([[0, 0], [1, 2]], { scaleTril: [[[1, 0], [0.5, 1]], [[2, 0], [0, 0.5]]] });
        const q = new MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0, 1]] });
        const d = kl(p, q);
        expect(d.shape).toEqual([2]);
        // Against N(0, I): ½(tr Σ + ‖μ‖² - n) - log det L, by hand: ½(2.25 - 2) - 0 and ½(4.25 + 5 - 2) - log 1.
        values(d).forEach((v, i) => expect(v).toBeCloseTo([0.125, 3.625][i], 5));
      });
    });
  });
});
