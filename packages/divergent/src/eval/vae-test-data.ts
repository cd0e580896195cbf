// The test data a VAE is scored on, fixed once per run so every evaluation sees the same
// numbers: one seeded binarisation for Bernoulli decoders (as in Burda et al. and the PyTorch
// reference), one seeded uniform dequantisation for continuous decoders on 8-bit data.
import { binarize } from '../data/binarize.js';
import type { DataSplit } from '../data/dataset.js';
import type { Likelihood } from '../models/vae-likelihoods.js';
import { Rng } from '../random.js';

/** Seed of the evaluation binarisation / dequantisation, stored in every run's config. */
export const EVAL_DATA_SEED = 1;

/**
 * 8-bit pixels v/255 become (v + u)/256 with u ~ U[0, 1): a density on [0, 1]^D that is
 * comparable with discrete models (see bitsPerDim).
 */
export function dequantize(values: Float32Array, rng: Rng, out: Float32Array = new Float32Array(values.length)): Float32Array {
  for (let i = 0; i < values.length; i++) out[i] = (Math.round(values[i] * 255) + rng.uniform()) / 256;
  return out;
}

export interface TestData {
  x: Float32Array;
  labels: Int32Array | null;
  n: number;
  dim: number;
  /** True when the scores are densities of dequantised 8-bit data. */
  dequantized: boolean;
}

/** The first `limit` examples of a split, as the decoder's evaluation data. */
export function vaeTestData(split: DataSplit, dim: number, lik: Likelihood, eightBit: boolean, limit = split.n, seed = EVAL_DATA_SEED): TestData {
  const n = Math.min(limit, split.n);
  const raw = split.images.subarray(0, n * dim);
  const labels = split.labels ? split.labels.subarray(0, n) : null;
  if (lik.data === 'binary') return { x: binarize(raw, new Rng(seed)), labels, n, dim, dequantized: false };
  if (eightBit) return { x: dequantize(raw, new Rng(seed)), labels, n, dim, dequantized: true };
  return { x: Float32Array.from(raw), labels, n, dim, dequantized: false };
}

/**
 * Bits per dimension from a per-example NLL in nats. For dequantised 8-bit data the density
 * lives on [0, 1]^D while the pixels take 256 values, so each dimension adds ln 256 nats
 * (-log P(pixels) ≤ -log p(y) + D·ln 256, Theis et al. 2016).
 */
export function bitsPerDim(nllNats: number, dim: number, dequantized: boolean): number {
  return (nllNats + (dequantized ? dim * Math.log(256) : 0)) / (dim * Math.LN2);
}
