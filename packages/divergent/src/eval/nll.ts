// The test log-likelihood by importance sampling (Burda et al. 2016, section 5; Rezende et al.
// 2014, appendix E): with the encoder as proposal,
//
//   log p(x) ≈ log (1/k) Σ_{i=1..k} p(x|z_i) p(z_i) / q(z_i|x),   z_i ~ q(z|x)
//
// a stochastic lower bound in expectation (L_k) that tightens as k grows. k = 5000 is the
// convention of the literature. Samples are drawn in chunks whose decoder output stays under a
// fixed number of floats, and combined by a running log-sum-exp in float64, so memory does not
// grow with k.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import type { Vae } from '../models/vae.js';
import { Rng } from '../random.js';
import type { TestData } from './vae-test-data.js';

export const DEFAULT_NLL_K = 5000;

export interface NllOptions {
  k?: number;
  /** Examples scored together. */
  batch?: number;
  /** Most floats one chunk's decoder output may hold (default 4M, 16 MB). */
  maxChunkFloats?: number;
  seed?: number;
  /** Called after each batch with the examples done. */
  onProgress?: (done: number, total: number) => void;
}

/** Running log Σ exp(a_i) per example, in float64. */
class LogSumExp {
  private readonly max: Float64Array;
  private readonly sum: Float64Array;

  constructor(n: number) {
    this.max = new Float64Array(n).fill(-Infinity);
    this.sum = new Float64Array(n);
  }

  /** Adds values laid out [rows, n] (row-major). */
  add(values: ArrayLike<number>, rows: number): void {
    const n = this.max.length;
    for (let b = 0; b < n; b++) {
      let m = this.max[b];
      for (let r = 0; r < rows; r++) m = Math.max(m, values[r * n + b]);
      if (m === -Infinity) continue;
      let s = this.sum[b] * Math.exp(this.max[b] - m);
      if (!Number.isFinite(s)) s = 0;
      for (let r = 0; r < rows; r++) s += Math.exp(values[r * n + b] - m);
      this.max[b] = m;
      this.sum[b] = s;
    }
  }

  value(b: number): number {
    return this.max[b] + Math.log(this.sum[b]);
  }
}

/** log p̂(x) for each example of `data` (nats), with k importance samples each. */
export function importanceSampledLogLikelihood(vae: Vae, data: TestData, options: NllOptions = {}): Float64Array {
  const k = options.k ?? DEFAULT_NLL_K;
  if (!Number.isInteger(k) || k < 1) throw new DivergentInputError('--nll-k', `expected a positive integer, got ${k}`);
  const batch = options.batch ?? 100;
  const perSample = vae.likelihood.paramsPerPixel * data.dim + 2 * vae.latentDim;
  const chunk = Math.max(1, Math.min(k, Math.floor((options.maxChunkFloats ?? 4_000_000) / (batch * perSample))));
  const rng = new Rng(options.seed ?? 0);
  const out = new Float64Array(data.n);
  for (let start = 0; start < data.n; start += batch) {
    const size = Math.min(batch, data.n - start);
    const rows = data.x.subarray(start * data.dim, (start + size) * data.dim);
    const x = tf.tensor2d(rows, [size, data.dim]);
    // x copied once per batch for a whole chunk of samples, so the likelihood needs no broadcast.
    const repeated = new Map<number, tf.Tensor>();
    const repeat = (kc: number) => {
      if (!repeated.has(kc)) {
        const buf = new Float32Array(kc * rows.length);
        for (let i = 0; i < kc; i++) buf.set(rows, i * rows.length);
        repeated.set(kc, tf.tensor3d(buf, [kc, size, data.dim]));
      }
      return repeated.get(kc)!;
    };
    const acc = new LogSumExp(size);
    for (let done = 0; done < k; done += chunk) {
      const kc = Math.min(chunk, k - done);
      const repeatedX = repeat(kc); // outside the tidy: it lives for the whole batch
      const logW = tf.tidy(() => {
        const o = vae.forward(x, { k: kc, seed: rng.seed(), logWeights: true, repeatedX });
        return tf.sub(tf.add(o.logPxGivenZ, o.logPz!), o.logQz!);
      });
      acc.add(logW.dataSync(), kc);
      logW.dispose();
    }
    tf.dispose([x, ...repeated.values()]);
    for (let b = 0; b < size; b++) out[start + b] = acc.value(b) - Math.log(k);
    options.onProgress?.(start + size, data.n);
  }
  return out;
}

/** Mean of an array. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
