// The machinery shared by the fused per-row losses: validation, one native forward pass
// and one native backward pass wrapped in tf.customGrad (two taped ops instead of ~10),
// and the composite tfjs definition used where native buffers are unavailable.
import * as tf from '@tensorflow/tfjs';
import { ewAddon, type ElementwiseAddon } from '../kernels/elementwise-addon.js';
import { float32Tensor, float32Values, outputFloats } from '../kernels/values.js';
import { cpuFamilyBackend } from '../optimizers/in-place.js';

type Forward = (native: ElementwiseAddon, a: Float32Array, b: Float32Array, out: Float32Array, n: number) => void;
type Backward = (
  native: ElementwiseAddon, a: Float32Array, b: Float32Array, g: Float32Array, da: Float32Array, db: Float32Array, n: number,
) => void;

export interface RowLoss {
  name: string;
  /** Argument names, for error messages. */
  args: [string, string];
  forward: Forward;
  backward: Backward;
  /** The same per-row values with tfjs ops (and tfjs's gradients). */
  composite: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

function toTensor(x: tf.Tensor | tf.TensorLike, name: string, fn: string): tf.Tensor {
  if (x instanceof tf.Tensor) return x;
  try {
    return tf.tensor(x as tf.TensorLike);
  } catch (e) {
    throw new TypeError(`${fn}: '${name}' must be a tensor or a nested numeric array (${(e as Error).message})`);
  }
}

/** Builds the public function: (a, b) -> per-row loss over the last axis, shape a.shape[:-1]. */
export function rowLoss(spec: RowLoss): (a: tf.Tensor | tf.TensorLike, b: tf.Tensor | tf.TensorLike) => tf.Tensor {
  const forwardAndGrad = (a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const backend = cpuFamilyBackend()!;
    const native = ewAddon!;
    const n = a.shape[a.rank - 1];
    const rowsShape = a.shape.slice(0, -1);
    const out = outputFloats(backend, a.size / n);
    spec.forward(native, float32Values(backend, a), float32Values(backend, b), out, n);
    save([a, b]);
    return {
      value: float32Tensor(backend, rowsShape, out),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved;
        const bk = cpuFamilyBackend()!;
        const da = outputFloats(bk, sa.size);
        const db = outputFloats(bk, sa.size);
        spec.backward(native, float32Values(bk, sa), float32Values(bk, sb), float32Values(bk, dy), da, db, n);
        return [float32Tensor(bk, sa.shape, da), float32Tensor(bk, sa.shape, db)];
      },
    };
  };
  const fused = tf.customGrad(forwardAndGrad as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    b: tf.Tensor,
  ) => tf.Tensor;

  return (aIn, bIn) => {
    const [aName, bName] = spec.args;
    const a = toTensor(aIn, aName, spec.name);
    const b = toTensor(bIn, bName, spec.name);
    if (a.rank < 1) throw new RangeError(`${spec.name}: '${aName}' must have at least one axis (rows are summed over the last); got a scalar`);
    if (!tf.util.arraysEqual(a.shape, b.shape)) {
      throw new RangeError(`${spec.name}: '${aName}' has shape [${a.shape}] but '${bName}' has shape [${b.shape}]; they must match`);
    }
    for (const [t, name] of [[a, aName], [b, bName]] as const) {
      if (t.dtype !== 'float32') throw new TypeError(`${spec.name}: '${name}' must be float32, got ${t.dtype}`);
    }
    const result = tf.tidy(() => {
      if (cpuFamilyBackend() == null || ewAddon == null || a.shape[a.rank - 1] === 0) return spec.composite(a, b);
      return fused(a, b);
    });
    if (a !== aIn) a.dispose();
    if (b !== bIn) b.dispose();
    return result;
  };
}
