// Binarisation of grey-level images for Bernoulli decoders. Training draws a fresh binary
// image for every batch (dynamic binarisation: the model cannot overfit one draw); evaluation
// uses one fixed draw of the test set, seeded, so that every run scores the same binary data.
//
// One draw per pixel of every training batch costs about a millisecond per 100 MNIST images
// in JavaScript, so the native addon draws them when it is loaded: from the same xoshiro128**
// stream, so outputs, the generator's state afterwards, and hence checkpoints and resumed
// runs are the same on either path.
import { nativeAvailable, xoshiro128Bernoulli } from '@divergent/tfjs-backend-native';
import { DivergentInputError } from '../errors.js';
import { Rng } from '../random.js';
import { gatherRows, type DataSplit } from './dataset.js';

const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * Each value p in [0, 1] becomes 1 with probability p, else 0. One 32-bit draw per value:
 * its 2^-32 resolution is far below the 1/255 steps of 8-bit pixels. p = 0 always gives 0 and
 * p = 1 always gives 1.
 */
export function binarize(values: Float32Array, rng: Rng, out: Float32Array = new Float32Array(values.length)): Float32Array {
  if (out.length !== values.length) {
    throw new DivergentInputError('out', `expected ${values.length} elements like the values, found ${out.length}`);
  }
  if (!nativeAvailable) return binarizeJs(values, rng, out);
  const state = Uint32Array.from(rng.state());
  xoshiro128Bernoulli(values, state, out);
  rng.setState(state);
  return out;
}

/**
 * binarize() of the rows `indices` of `images` (rows of `dim` values), gathered: the same
 * draws as gathering the rows first and binarising them. Natively the draws read the rows in
 * place, no gathered copy first.
 */
export function binarizeRows(images: Float32Array, dim: number, indices: Int32Array, rng: Rng, out: Float32Array = new Float32Array(indices.length * dim)): Float32Array {
  if (out.length !== indices.length * dim) {
    throw new DivergentInputError('out', `expected ${indices.length * dim} elements (${indices.length} rows of ${dim}), found ${out.length}`);
  }
  if (!nativeAvailable) return binarizeJs(gatherRows(images, dim, indices, out), rng, out);
  const state = Uint32Array.from(rng.state());
  xoshiro128Bernoulli(images, state, out, { indices, dim });
  rng.setState(state);
  return out;
}

/** The draws in JavaScript: binarize's path without the native addon, and the stream the native path reproduces. */
export function binarizeJs(values: Float32Array, rng: Rng, out: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) out[i] = rng.nextUint32() * TWO_TO_MINUS_32 < values[i] ? 1 : 0;
  return out;
}

/** The fixed binarisation of a whole split used for evaluation; the same seed gives the same images. */
export function binarizeSplit(split: DataSplit, seed: number): DataSplit {
  return { images: binarize(split.images, new Rng(seed)), labels: split.labels, n: split.n };
}
