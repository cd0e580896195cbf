// Shared helpers for native kernels: reading a tensor's values as the Float32Array C++
// expects, and falling back to the reference 'cpu' kernel.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { addon, type NativeAddon } from '../addon.js';
import { NativeBackend } from '../backend.js';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The loaded addon; kernels are registered only when it loaded. */
export function nativeAddon(): NativeAddon {
  if (addon == null) throw new Error('@divergent/tfjs-backend-native: the C++ addon is not loaded');
  return addon;
}

/**
 * A float32 tensor's values as a Float32Array. The 'cpu' Cast kernel relabels int32 and
 * bool data as float32 without copying, so the array may be an Int32Array or Uint8Array:
 * those are converted (a copy), a real Float32Array is returned as is (no copy).
 */
export function float32Values(backend: MathBackendCPU, t: tf.TensorInfo): Float32Array {
  const values: unknown = backend.data.get(t.dataId).values;
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) {
    return Float32Array.from(values as unknown as ArrayLike<number>);
  }
  throw new Error(`native kernel: values of a ${t.dtype} tensor are not a numeric array`);
}

/**
 * The array a kernel writes its float32 output into: recycled from the native backend's
 * pool when one of that length is idle. Its contents are undefined, so the kernel must
 * write every element.
 */
export function outputFloats(backend: MathBackendCPU, length: number): Float32Array {
  return backend instanceof NativeBackend ? backend.pool.take(length) : new Float32Array(length);
}

/**
 * A work array of at least `length` floats for `role`, reused by every later call with the
 * same role: for a kernel's intermediate results that never become tensors (the pool
 * recycles only arrays that tensors gave back, so these would be fresh, page-faulting
 * memory every step). Contents are undefined; the array must not outlive the call.
 */
export function scratchFloats(role: string, length: number): Float32Array {
  let array = scratch.get(role);
  if (array == null || array.length < length) {
    array = new Float32Array(length);
    scratch.set(role, array);
  }
  return array.subarray(0, length);
}

const scratch = new Map<string, Float32Array>();

/**
 * Consecutive arrays of the given lengths in one pooled buffer; the first becomes an output
 * tensor's values and the others ride along with it. An op keeps what its backward needs
 * this way instead of as more outputs: tfjs turns the gradient of every output that is not
 * on the path to the loss into a freshly allocated zero tensor of the output's size, which
 * for a network's hidden activations cost more than the op's arithmetic. The riders live
 * (and go back to the pool) with the first array's tensor and its clones.
 */
export function outputWithRiders(backend: MathBackendCPU, lengths: number[]): Float32Array[] {
  return splitAt(outputFloats(backend, lengths.reduce((s, n) => s + n, 0)), lengths);
}

/** The arrays outputWithRiders made, from the values of the first one's tensor (or a clone's). */
export function riders(first: Float32Array, lengths: number[]): Float32Array[] {
  return splitAt(new Float32Array(first.buffer, first.byteOffset, lengths.reduce((s, n) => s + n, 0)), lengths);
}

function splitAt(block: Float32Array, lengths: number[]): Float32Array[] {
  let at = 0;
  return lengths.map((n) => block.subarray(at, (at += n)));
}

/** A float32 tensor owning `values` (written by a kernel outside runKernel) on a CPU-family backend. */
export function float32Tensor(backend: MathBackendCPU, shape: number[], values: Float32Array): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.makeTensorInfo(shape, 'float32', values), backend);
}

/** Runs the reference 'cpu' kernel of the same name (non-float32 dtypes, rare layouts). */
export function cpuKernel(kernelName: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const config = tf.getKernel(kernelName, 'cpu');
  if (config == null) throw new Error(`no 'cpu' kernel registered for ${kernelName}`);
  return config.kernelFunc(args);
}

/** A kernel for the 'native' backend. */
export function nativeKernel(
  kernelName: string,
  kernelFunc: (args: KernelArgs & { backend: MathBackendCPU }) => tf.TensorInfo | tf.TensorInfo[],
): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: kernelFunc as tf.KernelFunc,
  };
}
