// Seeded N(0, 1) tensors drawn natively (csrc/random.cc): one pass over the output,
// threaded, and the same values for a given seed whatever the thread count.
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
