import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Vae } from '../models/vae.js';
import { likelihood } from '../models/vae-likelihoods.js';
import { mutualInformation } from './mutual-info.js';

beforeAll(async () => {
  await initBackend();
});

/** An encoder x -> (μ = scale·x, logvar = const) on one-hot inputs; the decoder is unused here. */
function fixedVae(scale: number, logvar: number, d: number): Vae {
  const input = tf.input({ shape: [d] });
  const mu = tf.layers.dense({ units: d, useBias: false, kernelInitializer: tf.initializers.identity({ gain: scale }) }).apply(input) as tf.SymbolicTensor;
  const lv = tf.layers.dense({ units: d, kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: logvar }) }).apply(input) as tf.SymbolicTensor;
  const encoder = tf.model({ inputs: input, outputs: [mu, lv] });
  const decoder = tf.sequential({ layers: [tf.layers.dense({ units: d, inputShape: [d] })] });
  return new Vae(encoder, decoder, likelihood('bernoulli'), d, d);
}

function oneHots(n: number): Float32Array {
  const x = new Float32Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

describe('I(x; z) under the aggregate posterior', () => {
  it('is log N when the posteriors of N inputs do not overlap', () => {
    const n = 16;
    const vae = fixedVae(100, Math.log(1e-4), n);
    const mi = mutualInformation(vae, { x: oneHots(n), labels: null, n, dim: n, dequantized: false });
    expect(mi).toBeCloseTo(Math.log(n), 3);
    vae.dispose();
  });

  it('is 0 when every input has the same posterior (within Monte Carlo error)', () => {
    const n = 200;
    const vae = fixedVae(0, 0, n);
    const mi = mutualInformation(vae, { x: oneHots(n), labels: null, n, dim: n, dequantized: false });
    // log q(z) equals log q(z|x) exactly here; only float32 rounding of the sums remains.
    expect(Math.abs(mi)).toBeLessThan(1e-3);
    vae.dispose();
  });
});
