import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from '../numerics/finite-difference.js';
import { Independent } from './independent.js';
import { kl } from './kl.js';
import { checkKL } from './kl-check.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

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
});
