// Writing an optimizer's update into a variable's own buffer, when that is safe.
//
// tfjs tensors are immutable by contract, and several tensors may share one data buffer
// (reshape, clone and variable creation share the dataId and raise its reference count).
// A variable's buffer is therefore overwritten in place only when the backend's reference
// count of its dataId is 1: no other tensor can observe the write. Otherwise a fresh array
// receives the update and is assigned to the variable, as tf.train's optimizers do.
//
// One observable difference remains and is documented: the array returned by a variable's
// dataSync() / data() is the live buffer on CPU backends, so it shows later steps' values.
// Copy it (e.g. Float32Array.from) if a snapshot must survive the next step.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { float32Tensor, float32Values, outputFloats } from '../kernels/values.js';

export interface UpdateTarget {
  variable: tf.Variable;
  /** The array the kernel writes the new values into. */
  out: Float32Array;
  /** True when `out` is the variable's own buffer. */
  inPlace: boolean;
}

/** The CPU-family backend the fused updates run on, or null (e.g. webgl): use tf ops. */
export function cpuFamilyBackend(): MathBackendCPU | null {
  const backend = tf.backend();
  return backend instanceof MathBackendCPU ? backend : null;
}

/** Where a kernel may write variable's update: its own buffer if unshared, else a new one. */
export function updateTarget(backend: MathBackendCPU, variable: tf.Variable): UpdateTarget {
  const data = backend.data.get(variable.dataId);
  if (backend.refCount(variable.dataId) === 1 && data.values instanceof Float32Array) {
    return { variable, out: data.values, inPlace: true };
  }
  return { variable, out: outputFloats(backend, variable.size), inPlace: false };
}

/** Current values of a variable (read before any write of the same step). */
export function currentValues(backend: MathBackendCPU, variable: tf.Tensor): Float32Array {
  return float32Values(backend, variable);
}

/** Makes the update visible: assigns the new buffer unless it was written in place. */
export function commit(backend: MathBackendCPU, target: UpdateTarget): void {
  if (target.inPlace) return;
  const t = float32Tensor(backend, target.variable.shape, target.out);
  target.variable.assign(t);
  t.dispose();
}
