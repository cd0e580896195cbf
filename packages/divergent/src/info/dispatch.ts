// What every measure does around its arithmetic: tell tensors from arrays, put a lone array
// beside a tensor onto the tensor path, and give results the documented types.
import * as tf from '@tensorflow/tfjs';
import type { ArrayInput, ArrayResult } from './input.js';

/** A distribution argument: an array, a typed array, a nested batch, or a tensor. */
export type Input = ArrayInput | tf.Tensor;

/** The type of a result: a number for one distribution, nested numbers for a batch, a tensor for tensors. */
export type Measured<T> = T extends tf.Tensor
  ? tf.Tensor
  : T extends number[] | Float32Array | Float64Array
    ? number
    : T extends readonly (number[] | Float32Array | Float64Array)[]
      ? number[]
      : ArrayResult;

export function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor;
}

/**
 * Runs `onTensors` in tf.tidy when any argument is a tensor (arrays among them become tensors
 * there), else `onArrays`.
 */
export function dispatch<R>(
  args: unknown[],
  onArrays: () => ArrayResult,
  onTensors: (ts: tf.Tensor[]) => tf.Tensor,
): R {
  if (!args.some(isTensor)) return onArrays() as R;
  return tf.tidy(() => onTensors(args.map((a) => (isTensor(a) ? a : tf.tensor(a as number[]))))) as R;
}

/** Clamps a divergence at 0: round-off must never make it negative. */
export function nonNegative(x: number): number {
  return x > 0 ? x : x === x ? 0 : x;
}
