import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Beta } from './beta.js';
import { Dirichlet } from './dirichlet.js';
import { Gamma } from './gamma.js';
import { kl } from './kl.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** Mean and standard error of per-draw gradients (one draw per entry of a batch of identical parameters). */
function meanAndSe(g: number[]): [number, number] {
  const m = g.reduce((a, b) => a + b, 0) / g.length;
  const v = g.reduce((a, b) => a + (b - m) ** 2, 0) / (g.length - 1);
  return [m, Math.sqrt(v / g.length)];
}

describe('implicit reparameterisation of Gamma, Beta and Dirichlet', () => {
  const n = 20000;

  it('Gamma: d/dα E[z] = 1/β and d/dβ E[z] = -α/β² within 4 standard errors', () => {
    tf.tidy(() => {
      const alpha = tf.fill([n], 0.7);
      const rate = tf.fill([n], 2);
      const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(new Gamma(a, b).rsample([], { seed: 1 })))([alpha, rate]);
      const [ma, sa] = meanAndSe(values(ga));
      expect(Math.abs(ma - 0.5)).toBeLessThan(4 * sa);
      const [mb, sb] = meanAndSe(values(gb));
      expect(Math.abs(mb + 0.7 / 4)).toBeLessThan(4 * sb);
    });
  });

  it('Beta: d/da E[x] = b/(a+b)² within 4 standard errors', () => {
    tf.tidy(() => {
      const a = tf.fill([n], 2);
      const g = tf.grad((v: tf.Tensor) => tf.sum(new Beta(v, 3).rsample([], { seed: 2 })))(a);
      const [m, se] = meanAndSe(values(g));
      expect(Math.abs(m - 3 / 25)).toBeLessThan(4 * se);
    });
  });

  it('Dirichlet: d/dα₀ E[x₀] = (α₀_total - α₀)/α_total² within 4 standard errors', () => {
    tf.tidy(() => {
      const alpha = tf.tile(tf.tensor2d([[0.5, 2, 3]]), [n, 1]);
      const w = tf.tile(tf.tensor2d([[1, 0, 0]]), [n, 1]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(new Dirichlet(v).rsample([], { seed: 3 }), w)))(alpha);
      const [m, se] = meanAndSe(values(tf.gather(g, 0, 1)));
      expect(Math.abs(m - 5 / 30.25)).toBeLessThan(4 * se);
    });
  });

  it('makes Monte Carlo KL gradients unbiased: d/dα of the estimate matches the closed form within 4 standard errors', () => {
    tf.tidy(() => {
      const q = new Gamma(2, 1);
      const exact = tf.grad((a: tf.Tensor) => kl(new Gamma(a, 1.5), q))(tf.scalar(0.8)).dataSync()[0];
      // Per-draw gradients: a batch of n identical posteriors with one draw each.
      const g = tf.grad((a: tf.Tensor) => tf.sum(kl(new Gamma(a, 1.5), q, { mcSamples: 2, seed: 4 }).value))(tf.fill([n], 0.8));
      const [m, se] = meanAndSe(values(g));
      expect(Math.abs(m - exact)).toBeLessThan(4 * se);
    });
  });
});
