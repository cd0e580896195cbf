// The mutual information between data and code under the encoder's joint q(x, z) = p_data(x) q(z|x):
//
//   I_q(x; z) = E_{x} E_{q(z|x)} [log q(z|x) - log q(z)],   q(z) = (1/N) Σ_n q(z|x_n)
//
// the aggregate posterior q(z) being the mixture of all N evaluated posteriors (Hoffman &
// Johnson 2016, "ELBO surgery"; the estimator of He et al. 2019, "Lagging Inference Networks").
// Both terms are evaluated at one draw z ~ q(z|x) per example, log q(z) as the mixture. The estimate cannot exceed log N: with N test points the code can at most
// tell them apart.
import * as tf from '@tensorflow/tfjs';
import { standardNormal, type Vae } from '../models/vae.js';
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

  const chunk = Math.max(1, Math.floor((options.maxChunkFloats ?? 4_000_000) / (N * Z)));
  // Both expectations are taken at the same draws z_i ~ q(z|x_i): where the posteriors
  // coincide the two terms cancel exactly instead of leaving Monte Carlo noise.
  let sum = 0;
  for (let start = 0; start < M; start += chunk) {
    const m = Math.min(chunk, M - start);
    const lq = tf.tidy(() => {
      const muI = mu.slice([start, 0], [m, Z]);
      const lvI = logvar.slice([start, 0], [m, Z]);
      const eps = standardNormal([m, Z], rng.seed());
      const z = tf.add(muI, tf.mul(tf.exp(tf.mul(lvI, 0.5)), eps)); // [m, Z]
      const logqOwn = tf.mul(-0.5, tf.sum(tf.add(tf.add(lvI, tf.square(eps)), LOG_2PI), 1)); // log q(z_i|x_i)
      const diff = tf.sub(z.expandDims(1), mu.expandDims(0)); // [m, N, Z]
      const logq = tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.div(tf.square(diff), tf.exp(logvar)), logvar), LOG_2PI), 2)); // [m, N]
      return tf.sum(tf.sub(logqOwn, tf.sub(tf.logSumExp(logq, 1), Math.log(N))));
    });
    sum += lq.dataSync()[0];
    lq.dispose();
  }
  tf.dispose([mu, logvar]);
  return sum / M;
}
