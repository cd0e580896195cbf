// Select (tf.where) for float32 branches: the condition has the branches' shape, or is a
// vector choosing whole rows along the first axis. Other layouts use the 'cpu' kernel.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { requireEwAddon } from './elementwise-addon.js';
import { cpuKernel, float32Values, nativeKernel, outputFloats, type KernelArgs } from './values.js';

/** A bool tensor's values as 0/1 bytes (a relabelled int32 tensor holds an Int32Array). */
function boolValues(backend: MathBackendCPU, t: tf.TensorInfo): Uint8Array {
  const values: unknown = backend.data.get(t.dataId).values;
  if (values instanceof Uint8Array) return values;
  return Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
}

export const selectConfig = nativeKernel(tf.Select, (args) => {
  const { condition, t, e } = args.inputs as { condition: tf.TensorInfo; t: tf.TensorInfo; e: tf.TensorInfo };
  const size = t.shape.reduce((p, d) => p * d, 1);
  const sameShape = tf.util.arraysEqual(condition.shape, t.shape);
  const rows = condition.shape.length === 1 && t.shape.length >= 1 && condition.shape[0] === t.shape[0];
  if (t.dtype !== 'float32' || e.dtype !== 'float32' || condition.dtype !== 'bool' ||
      !tf.util.arraysEqual(t.shape, e.shape) || !(sameShape || rows)) {
    return cpuKernel(tf.Select, args as KernelArgs);
  }
  const backend = args.backend;
  const out = outputFloats(backend, size);
  if (size === 0) return backend.makeTensorInfo(t.shape, 'float32', out);
  const inner = sameShape ? 1 : size / t.shape[0];
  requireEwAddon().select(boolValues(backend, condition), float32Values(backend, t), float32Values(backend, e), out, inner);
  return backend.makeTensorInfo(t.shape, 'float32', out);
});
