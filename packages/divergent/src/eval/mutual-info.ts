// The mutual information between data and code under the encoder's joint q(x, z) = p_data(x) q(z|x):
//
//   I_q(x; z) = E_{x} E_{q(z|x)} [log q(z|x) - log q(z)],   q(z) = (1/N) Σ_n q(z|x_n)
//
// the aggregate posterior q(z) being the mixture of all N evaluated posteriors (Hoffman &
// Johnson 2016, "ELBO surgery"; the estimator of He et al. 2019, "Lagging Inference Networks").
// E_q[log q(z|x)] is exact (minus a Gaussian's entropy); log q(z) is the mixture evaluated at
// one z per example. The estimate cannot exceed log N: with N test points the code can at most
// tell them apart.
import * as tf from '@tensorflow/tfjs';
import type { Vae } from '../models/vae.js';
import { Rng } from '../random.js';
import type { TestData } from './vae-test-data.js';

const LOG_2PI = Math.log(2 * Math.PI);

export interface MutualInfoOptions {
  /** Points whose sampled z enter the outer average (default min(N, 1000)); the mixture always uses all N. */
  samples?: number;
  batch?: number;
  /** Most floats of one [m, N, Z] block (default 4M). */
  maxChunkFloats?: number;
  seed?: number;
}

/** I(x; z) in nats under the aggregate posterior of `data`. */
export function mutualInformation(vae: Vae, data: TestData, options: MutualInfoOptions = {}): number {
  const rng = new Rng(options.seed ?? 0);
  const batch = options.batch ?? 500;
  const Z = vae.latentDim;
  const N = data.n;
  const M = Math.min(N, options.samples ?? 1000);
  // Posterior parameters of all N points.
  const mus: tf.Tensor[] = [];
  const logvars: tf.Tensor[] = [];
  for (let start = 0; start < N; start += batch) {
    const size = Math.min(batch, N - start);
    const { mu, logvar } = tf.tidy(() => vae.encode(tf.tensor2d(data.x.subarray(start * data.dim, (start + size) * data.dim), [size, data.dim])));
    mus.push(mu);
    logvars.push(logvar);
  }
  const mu = tf.concat(mus);
  const logvar = tf.concat(logvars);
  tf.dispose([...mus, ...logvars]);

  // E[log q(z|x)] = -½ Σ_j (log 2π + logvar_j + 1) averaged over the M points.
  const negEntropy = tf.tidy(() => tf.mean(tf.mul(-0.5, tf.sum(tf.add(logvar.slice([0, 0], [M, Z]), LOG_2PI + 1), 1))).dataSync()[0]);

  const chunk = Math.max(1, Math.floor((options.maxChunkFloats ?? 4_000_000) / (N * Z)));
  let logQzSum = 0;
  for (let start = 0; start < M; start += chunk) {
    const m = Math.min(chunk, M - start);
    const lq = tf.tidy(() => {
      const muI = mu.slice([start, 0], [m, Z]);
      const lvI = logvar.slice([start, 0], [m, Z]);
      const z = tf.add(muI, tf.mul(tf.exp(tf.mul(lvI, 0.5)), tf.randomNormal([m, Z], 0, 1, 'float32', rng.seed()))); // [m, Z]
      const diff = tf.sub(z.expandDims(1), mu.expandDims(0)); // [m, N, Z]
      const logq = tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.div(tf.square(diff), tf.exp(logvar)), logvar), LOG_2PI), 2)); // [m, N]
      return tf.sum(tf.sub(tf.logSumExp(logq, 1), Math.log(N)));
    });
    logQzSum += lq.dataSync()[0];
    lq.dispose();
  }
  tf.dispose([mu, logvar]);
  return negEntropy - logQzSum / M;
}
