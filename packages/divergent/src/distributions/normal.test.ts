import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Normal } from './normal.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('Normal', () => {
  it('matches scipy.stats.norm.logpdf and entropy', () => {
    expect(
      leakedTensors(() => {
        const d = new Normal(0.3, 1.7);
        // scipy 1.10.1: norm.logpdf([-1.0, 0.5, 3.0], loc=0.3, scale=1.7)
        const lp = d.logProb([-1.0, 0.5, 3.0]);
        values(lp).forEach((v, i) => expect(v).toBeCloseTo([-1.74195433, -1.4564872, -2.71081246][i], 5));
        lp.dispose();
        const batch = new Normal([0, 1], [0.5, 2.0]);
        // scipy 1.10.1: norm.entropy(scale=[0.5, 2.0])
        const h = batch.entropy();
        values(h).forEach((v, i) => expect(v).toBeCloseTo([0.72579135, 2.11208571][i], 5));
        h.dispose();
        // In bits: divide by ln 2.
        const bits = batch.entropy({ base: 2 });
        values(bits).forEach((v, i) => expect(v).toBeCloseTo([0.72579135, 2.11208571][i] / Math.LN2, 5));
        bits.dispose();
        d.dispose();
        batch.dispose();
      }),
    ).toBe(0);
  });

  it('has entropy equal to the Monte Carlo mean of -log p within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Normal([0, 5], [0.2, 3]);
      const n = 20000;
      const lp = d.logProb(d.sample([n], { seed: 3 }));
      const mean = values(tf.neg(tf.mean(lp, 0)));
      const se = values(tf.sqrt(tf.div(tf.moments(lp, 0).variance, n)));
      values(d.entropy()).forEach((h, i) => expect(Math.abs(mean[i] - h)).toBeLessThan(4 * se[i]));
    });
  });

  it('samples with the right mean and variance (within 4 standard errors), reproducibly by seed', () => {
    tf.tidy(() => {
      const d = new Normal([[-1], [2]], [0.5, 3]); // batch [2, 2] by broadcasting
      expect(d.batchShape).toEqual([2, 2]);
      const n = 20000;
      const x = d.sample([n], { seed: 11 });
      expect(x.shape).toEqual([n, 2, 2]);
      const { mean, variance } = tf.moments(x, 0);
      const mu = [-1, -1, 2, 2];
      const sd = [0.5, 3, 0.5, 3];
      values(mean).forEach((m, i) => expect(Math.abs(m - mu[i])).toBeLessThan((4 * sd[i]) / Math.sqrt(n)));
      // Var of a sample variance of a Gaussian is 2σ⁴/(n-1).
      values(variance).forEach((v, i) => expect(Math.abs(v - sd[i] ** 2)).toBeLessThan(4 * sd[i] ** 2 * Math.sqrt(2 / n)));
      expect(values(d.sample([3], { seed: 11 }))).toEqual(values(d.sample([3], { seed: 11 })));
      expect(values(d.mean)).toEqual(mu);
      values(d.variance).forEach((v, i) => expect(v).toBeCloseTo(sd[i] ** 2, 5));
    });
  });

  it('rsample is differentiable in loc and scale (d/dσ of E[x²] is 2σ); sample is not', () => {
    tf.tidy(() => {
      const loc = tf.scalar(0.0);
      const scale = tf.scalar(1.5);
      const n = 20000;
      const [gLoc, gScale] = tf.grads((l: tf.Tensor, s: tf.Tensor) => tf.mean(tf.square(new Normal(l, s).rsample([n], { seed: 5 }))))([loc, scale]);
      // d/dμ E[(μ+σε)²] = 2μ = 0 and d/dσ = 2σ E[ε²]; the estimator's sd is 2σ·sd(ε²)/√n = 2σ√2/√n.
      expect(Math.abs(gLoc.dataSync()[0])).toBeLessThan((4 * 2 * 1.5) / Math.sqrt(n));
      expect(Math.abs(gScale.dataSync()[0] - 3)).toBeLessThan((4 * 3 * Math.SQRT2) / Math.sqrt(n));
      const g = tf.grad((s: tf.Tensor) => tf.sum(new Normal(0, s).sample([10], { seed: 1 })))(scale);
      expect(g.dataSync()[0]).toBe(0);
    });
  });

  it('rejects bad parameters with the argument, index and value', () => {
    const before = tf.memory().numTensors;
    expect(() => new Normal(0, [1, 0, 2])).toThrow(DivergentInputError);
    expect(() => new Normal(0, [1, 0, 2])).toThrow('scale[1] = 0');
    expect(() => new Normal([NaN], 1)).toThrow('loc[0] = NaN');
    expect(() => new Normal([0, 0, 0], [1, 1])).toThrow('do not broadcast');
    expect(() => new Normal([[0, 1], [2]] as unknown as number[][], 1)).toThrow(DivergentInputError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips the parameter checks (and their synchronous read) with validate: false', () => {
    tf.tidy(() => {
      // A hot training loop that already guarantees scale > 0 can skip the read-back.
      const d = new Normal(0, tf.exp(tf.scalar(-1)), { validate: false });
      expect(d.logProb(0).dataSync()[0]).toBeCloseTo(1 - 0.5 * Math.log(2 * Math.PI), 5);
      expect(() => new Normal(0, -1, { validate: false })).not.toThrow();
    });
  });

  it('gives -Infinity log density to ±Infinity values, never NaN', () => {
    tf.tidy(() => {
      expect(values(new Normal(0, 1).logProb([Infinity, -Infinity]))).toEqual([-Infinity, -Infinity]);
    });
  });
});
