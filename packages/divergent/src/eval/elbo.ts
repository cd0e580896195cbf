// Test-set ELBO with its parts: the mean reconstruction term, the KL per latent dimension, and
// the first two moments of the posterior means that active-units needs, in one pass.
import * as tf from '@tensorflow/tfjs';
import type { Vae } from '../models/vae.js';
import { Rng } from '../random.js';
import { MomentAccumulator } from './active-units.js';
import type { TestData } from './vae-test-data.js';

export interface ElboResult {
  /** Mean ELBO per example (nats, negative). */
  elbo: number;
  /** Mean E_q[log p(x|z)] per example (one sample). */
  reconstruction: number;
  /** Mean KL(q(z|x) ‖ p(z)) per example. */
  kl: number;
  /** Mean KL of each latent dimension. */
  klPerDim: number[];
  /** Variance over the data of each posterior mean, Cov_x(E_q[z_j]). */
  posteriorMeanVariance: number[];
  n: number;
}

export interface ElboOptions {
  batch?: number;
  seed?: number;
}

/** The ELBO of every example of `data`, averaged, with one reparameterised sample each. */
export function evaluateElbo(vae: Vae, data: TestData, options: ElboOptions = {}): ElboResult {
  const batch = options.batch ?? 500;
  const rng = new Rng(options.seed ?? 0);
  const Z = vae.latentDim;
  let rec = 0;
  const klDims = new Float64Array(Z);
  const moments = new MomentAccumulator(Z);
  for (let start = 0; start < data.n; start += batch) {
    const size = Math.min(batch, data.n - start);
    const [recSum, klSum, mu] = tf.tidy(() => {
      const x = tf.tensor2d(data.x.subarray(start * data.dim, (start + size) * data.dim), [size, data.dim]);
      const out = vae.forward(x, { seed: rng.seed(), klPerDim: true });
      return [tf.sum(out.logPxGivenZ), tf.sum(out.klPerDim!, 0), out.mu];
    });
    rec += recSum.dataSync()[0];
    const k = klSum.dataSync();
    for (let j = 0; j < Z; j++) klDims[j] += k[j];
    moments.add(mu.dataSync() as Float32Array, size);
    tf.dispose([recSum, klSum, mu]);
  }
  const klPerDim = Array.from(klDims, (v) => v / data.n);
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  const reconstruction = rec / data.n;
  return { elbo: reconstruction - kl, reconstruction, kl, klPerDim, posteriorMeanVariance: moments.variance(), n: data.n };
}
