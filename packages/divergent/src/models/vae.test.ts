import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Bernoulli, Normal } from '../distributions/index.js';
import { Rng } from '../random.js';
import { standardNormal } from './vae.js';
import { iwaeObjective } from './vae-objectives.js';
import { buildVae } from './vae-presets.js';
import { continuousBernoulliLogNorm, likelihood } from './vae-likelihoods.js';

beforeAll(async () => {
  await initBackend();
});

const tiny = { arch: 'mlp', hidden: [8], filters: [], latent: 3, activation: 'tanh', decoder: 'bernoulli', init: 'torch-default' } as const;

function binaryInputs(n: number, d: number, seed: number): tf.Tensor2D {
  const r = new Rng(seed);
  return tf.tensor2d(Array.from({ length: n * d }, () => (r.uniform() < 0.3 ? 1 : 0)), [n, d]);
}

describe('standardNormal', () => {
  it('has mean 0, variance 1 and kurtosis 3 within 4 standard errors, odd length included, and repeats for a seed', () => {
    const n = 100_001;
    const v = tf.tidy(() => Array.from(standardNormal([n], 8).dataSync()));
    const m = v.reduce((a, b) => a + b, 0) / n;
    const m2 = v.reduce((a, b) => a + b * b, 0) / n;
    const m4 = v.reduce((a, b) => a + b ** 4, 0) / n;
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / n)); // Var(z^4) = 105 - 9
    expect(tf.tidy(() => Array.from(standardNormal([3], 8).dataSync()))).toEqual(v.slice(0, 3).map(Math.fround));
  });
});

describe('Vae.forward', () => {
  it('scores its samples as the registry distributions do: log q, log p(z), log p(x|z)', () => {
    const vae = buildVae({ ...tiny, hidden: [...tiny.hidden], filters: [] }, 6, null, new Rng(1));
    const before = tf.memory().numTensors;
    const diffs = tf.tidy(() => {
      const x = binaryInputs(4, 6, 2);
      const o = vae.forward(x, { k: 3, seed: 5, logWeights: true });
      const q = new Normal(o.mu, tf.exp(tf.mul(o.logvar, 0.5)));
      const p = new Normal(0, 1);
      const logQ = tf.sum(q.logProb(o.z), -1);
      const logP = tf.sum(p.logProb(o.z), -1);
      const logPx = tf.sum(new Bernoulli({ logits: vae.decode(o.z) }).logProb(x), -1);
      return [o.logQz!, o.logPz!, o.logPxGivenZ].map((t, i) => tf.max(tf.abs(tf.sub(t, [logQ, logP, logPx][i]))).dataSync()[0]);
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const d of diffs) expect(d).toBeLessThan(1e-4);
    vae.dispose();
  });

  it('IWAE with k = 1 equals the ELBO: its mean over 4000 draws matches the closed-form-KL ELBO within 4 standard errors', () => {
    const vae = buildVae({ ...tiny, hidden: [...tiny.hidden], filters: [] }, 6, null, new Rng(3));
    const { iw, elbo } = tf.tidy(() => {
      const x = binaryInputs(1, 6, 4);
      // k = 4000 samples of the single-sample bound, each its own IWAE-1 estimate.
      const o = vae.forward(x, { k: 4000, seed: 9, logWeights: true });
      const logW = tf.sub(tf.add(o.logPxGivenZ, o.logPz!), o.logQz!).flatten();
      const closed = tf.sub(tf.mean(o.logPxGivenZ), tf.sum(o.kl));
      // IWAE-1 on the first draw alone is exactly that draw's log weight.
      const one = iwaeObjective({ ...o, logPxGivenZ: o.logPxGivenZ.slice([0, 0], [1, 1]), logPz: o.logPz!.slice([0, 0], [1, 1]), logQz: o.logQz!.slice([0, 0], [1, 1]) });
      expect(-one.loss.dataSync()[0]).toBeCloseTo(logW.dataSync()[0], 4);
      return { iw: Array.from(logW.dataSync()), elbo: closed.dataSync()[0] };
    });
    const m = iw.reduce((a, b) => a + b, 0) / iw.length;
    const sd = Math.sqrt(iw.reduce((a, b) => a + (b - m) ** 2, 0) / (iw.length - 1));
    // The closed-form KL removes only the KL's Monte Carlo noise; the means agree.
    expect(Math.abs(m - elbo)).toBeLessThan((4 * sd) / Math.sqrt(iw.length));
    vae.dispose();
  });
});

describe('decoder likelihoods', () => {
  it('continuous Bernoulli: log C(2) = log(2 / tanh 1) and the density integrates to 1', () => {
    const c = tf.tidy(() => continuousBernoulliLogNorm(tf.tensor1d([2, 1e-3, -5])).dataSync());
    expect(c[0]).toBeCloseTo(Math.log(2 / Math.tanh(1)), 5);
    expect(c[1]).toBeCloseTo(Math.log(2), 5);
    expect(c[2]).toBeCloseTo(Math.log(5 / Math.tanh(2.5)), 5);
    const cb = likelihood('continuous-bernoulli');
    for (const l of [-3, 0.004, 1.5]) {
      // Midpoint rule over [0, 1] with 2000 cells.
      const n = 2000;
      const xs = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
      const integral = tf.tidy(() => {
        const lp = cb.logProb(tf.fill([n, 1], l), tf.tensor2d(xs, [n, 1]));
        return tf.mean(tf.exp(lp)).dataSync()[0];
      });
      expect(integral).toBeCloseTo(1, 4);
    }
  });

  it('continuous Bernoulli has a finite gradient at logits 0', () => {
    const g = tf.tidy(() => tf.grad((l: tf.Tensor) => tf.sum(continuousBernoulliLogNorm(l)))(tf.tensor1d([0, 0.005, 0.5])).dataSync());
    // d/dl log(2 + l²/6) = l/3 / (2 + l²/6) near 0; at 0.5: 1/l - 1/sinh(l).
    expect(g[0]).toBe(0);
    expect(g[1]).toBeCloseTo(0.005 / 3 / 2, 5);
    expect(g[2]).toBeCloseTo(1 / 0.5 - 1 / Math.sinh(0.5), 4);
  });

  it('Gaussian: log N(x; m, floor + softplus(s)), and the variance never goes below the floor', () => {
    const g = likelihood('gaussian', { varianceFloor: 0.01 });
    const [lp, lpFloor] = tf.tidy(() => [
      g.logProb(tf.tensor2d([[0.2, 0]]), tf.tensor2d([[0.5]])).dataSync()[0],
      g.logProb(tf.tensor2d([[0.5, -1e4]]), tf.tensor2d([[0.5]])).dataSync()[0],
    ]);
    const v = 0.01 + Math.log(2);
    expect(lp).toBeCloseTo(-0.5 * (Math.log(2 * Math.PI * v) + 0.09 / v), 5);
    expect(lpFloor).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 0.01), 4);
  });
});
