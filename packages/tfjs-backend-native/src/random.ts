// Random draws filled natively (csrc/random.cc): seeded N(0, 1) tensors (one pass over the
// output, threaded, the same values whatever the thread count), and Bernoulli draws that
// continue a caller's own xoshiro128** stream.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { float32Tensor, nativeAddon, outputFloats } from './kernels/values.js';

const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * A float32 tensor of the given shape filled with standard normal draws determined by
 * `seed` (an integer in [0, 2^53)). Requires the C++ addon.
 */
export function standardNormal(shape: number[], seed: number): tf.Tensor {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`standardNormal: 'seed' must be an integer in [0, 2^53), got ${seed}`);
  }
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`standardNormal: 'shape' must hold non-negative integers, got [${shape.join(', ')}]`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const backend = tf.backend();
  // On the CPU backends the draws are written straight into the tensor's (pooled) buffer.
  const cpuFamily = backend instanceof MathBackendCPU;
  const values = cpuFamily ? outputFloats(backend, size) : new Float32Array(size);
  nativeAddon().standardNormal(values, Math.floor(seed / 2 ** 32), seed % 2 ** 32);
  if (cpuFamily) return float32Tensor(backend, shape, values);
  return tf.tensor(values, shape);
}

/** Rows of a matrix to draw from, in order: `indices` into rows of `dim` values. */
export interface BernoulliRows {
  indices: Int32Array;
  dim: number;
}

/**
 * Bernoulli draws from a xoshiro128** generator whose state (4 words: s0..s3 of Blackman and
 * Vigna's reference code) the caller holds: out[i] = 1 when the i-th 32-bit output times
 * 2^-32 is below p_i, else 0, so p = 0 always gives 0 and p = 1 always gives 1. `state` is
 * advanced in place by one output per element, exactly as the same generator in JavaScript
 * would be. Without `rows`, p_i = probabilities[i] and `out` may be `probabilities`. With
 * `rows`, `probabilities` is a matrix of rows.dim-wide rows and out[r·dim + j] draws from
 * entry j of row rows.indices[r]: a minibatch drawn straight from its dataset, with the same
 * draws as gathering the rows first. Requires the C++ addon.
 */
export function xoshiro128Bernoulli(probabilities: Float32Array, state: Uint32Array, out: Float32Array, rows?: BernoulliRows): void {
  if (!(state instanceof Uint32Array) || state.length !== 4) {
    throw new RangeError("xoshiro128Bernoulli: 'state' must be a Uint32Array of 4 words");
  }
  if (rows == null) {
    if (out.length !== probabilities.length) {
      throw new RangeError(
        `xoshiro128Bernoulli: 'out' has ${out.length} elements, 'probabilities' has ${probabilities.length}`,
      );
    }
    nativeAddon().xoshiro128Bernoulli(probabilities, state, out);
    return;
  }
  const { indices, dim } = rows;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`xoshiro128Bernoulli: 'rows.dim' must be a positive integer, got ${dim}`);
  if (!(indices instanceof Int32Array)) throw new RangeError("xoshiro128Bernoulli: 'rows.indices' must be an Int32Array");
  const count = Math.floor(probabilities.length / dim);
  const bad = indices.findIndex((r) => r < 0 || r >= count);
  if (bad >= 0) throw new RangeError(`xoshiro128Bernoulli: rows.indices[${bad}] is ${indices[bad]}, outside [0, ${count}) (rows of 'probabilities')`);
  if (out.length !== indices.length * dim) {
    throw new RangeError(`xoshiro128Bernoulli: 'out' has ${out.length} elements, expected ${indices.length} rows x ${dim}`);
  }
  nativeAddon().xoshiro128Bernoulli(probabilities, state, out, indices, dim);
}
