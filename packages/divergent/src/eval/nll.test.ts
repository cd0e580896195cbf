import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { likelihood } from '../models/vae-likelihoods.js';
import { buildVae } from '../models/vae-presets.js';
import { Rng } from '../random.js';
import { evaluateElbo } from './elbo.js';
import { importanceSampledLogLikelihood, mean } from './nll.js';
import { vaeTestData } from './vae-test-data.js';

beforeAll(async () => {
  await initBackend();
});

describe('importance-sampled log-likelihood (Burda et al. 2016, Theorem 1)', () => {
  it('averaged over 100 test images: ELBO = L_1 <= L_10 <= L_100, i.e. NLL_k <= -ELBO and falls with k', () => {
    const mnist = loadMnist();
    const arch = { arch: 'mlp', hidden: [32], filters: [], latent: 4, activation: 'tanh', decoder: 'bernoulli', init: 'torch-default' } as const;
    const vae = buildVae({ ...arch, hidden: [32], filters: [] }, 784, [28, 28], new Rng(0));
    const data = vaeTestData(mnist.test, 784, likelihood('bernoulli'), true, 100);
    const before = tf.memory().numTensors;
    const elbo = evaluateElbo(vae, data, { seed: 3 });
    // A small chunk bound forces several chunks per batch: the running log-sum-exp is exercised.
    const ll = (k: number) => importanceSampledLogLikelihood(vae, data, { k, seed: 11, maxChunkFloats: 50_000 });
    const l1 = ll(1);
    const l10 = mean(ll(10));
    const l100 = mean(ll(100));
    expect(tf.memory().numTensors).toBe(before);
    // L_1 is an unbiased estimate of the ELBO: compare within 4 standard errors of its mean.
    const m1 = mean(l1);
    const se = Math.sqrt(l1.reduce((a, v) => a + (v - m1) ** 2, 0) / (l1.length - 1) / l1.length);
    expect(Math.abs(m1 - elbo.elbo)).toBeLessThan(4 * se + 0.5);
    expect(l10).toBeGreaterThan(m1);
    expect(l100).toBeGreaterThan(l10);
    expect(-l100).toBeLessThan(-elbo.elbo);
    vae.dispose();
  });
});
