// Test oracle for native kernels: run the same computation on 'native' and on the
// reference 'cpu' backend and compare entry by entry.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import '../src/index.js';

export interface Input {
  shape: number[];
  values: Float32Array | Int32Array;
  dtype?: 'float32' | 'int32';
}

/** Seeded uniform values in [lo, hi) (mulberry32), identical on every run. */
export function randomValues(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

export function randomInput(shape: number[], seed: number, lo = -1, hi = 1): Input {
  return { shape, values: randomValues(shape.reduce((p, d) => p * d, 1), seed, lo, hi) };
}

export interface Result {
  shape: number[];
  values: Float32Array;
}

/** Runs fn on the named backend with fresh tensors made from inputs; checks for leaks. */
export async function runOn(
  backend: string,
  inputs: Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Result[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const xs = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype ?? 'float32'));
  const ys = tf.tidy(() => {
    const y = fn(...xs);
    return Array.isArray(y) ? y : [y];
  });
  const results = await Promise.all(ys.map(async (y) => ({ shape: y.shape, values: (await y.data()) as Float32Array })));
  tf.dispose([...xs, ...ys]);
  expect(tf.memory().numTensors).toBe(before);
  return results;
}

/**
 * Expects equal shapes and values within atol + rtol * max|expected| (the error of a sum
 * scales with its largest terms); NaN and ±Inf must sit at the same places.
 */
export function expectClose(actual: Result, expected: Result, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.shape).toEqual(expected.shape);
  let scale = 0;
  for (const v of expected.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const tol = atol + rtol * scale;
  for (let i = 0; i < expected.values.length; i++) {
    const e = expected.values[i];
    const a = actual.values[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(a, `entry ${i}`).toBe(e);
    } else if (!(Math.abs(a - e) <= tol)) {
      expect.fail(`entry ${i}: native ${a} vs cpu ${e} (tolerance ${tol})`);
    }
  }
}

/** Runs fn on both backends and compares every output. */
export async function expectSameAsCpu(
  inputs: Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  rtol = 1e-5,
  atol = 1e-6,
): Promise<Result[]> {
  const native = await runOn('native', inputs, fn);
  const cpu = await runOn('cpu', inputs, fn);
  expect(native.length).toBe(cpu.length);
  native.forEach((r, i) => expectClose(r, cpu[i], rtol, atol));
  return native;
}
