// Entry-wise comparison for element-wise kernels: each entry within atol + rtol·|expected|
// of the 'cpu' backend's (a scale-free test, unlike the oracle's max-scaled tolerance for
// sums), with NaN and ±Inf at the same places.
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { runOn, type Input, type Result } from './oracle.js';

export function expectEntrywiseClose(actual: Result, expected: Result, rtol: number, atol: number): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.values.length).toBe(expected.values.length);
  for (let i = 0; i < expected.values.length; i++) {
    const e = expected.values[i];
    const a = actual.values[i];
    if (!Number.isFinite(e)) {
      expect(a, `entry ${i}`).toBe(e);
    } else if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      expect.fail(`entry ${i}: native ${a} vs cpu ${e}`);
    }
  }
}

/** Runs fn on 'native' and 'cpu' (leak-checked by runOn) and compares entry by entry. */
export async function expectEntrywiseSameAsCpu(
  inputs: Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  rtol = 2e-6,
  atol = 1e-7,
): Promise<Result[]> {
  const native = await runOn('native', inputs, fn);
  const cpu = await runOn('cpu', inputs, fn);
  expect(native.length).toBe(cpu.length);
  native.forEach((r, i) => expectEntrywiseClose(r, cpu[i], rtol, atol));
  return native;
}

/** Values that stress special cases: NaN, ±Inf, ±0, huge, tiny and overflow-prone entries. */
export const SPECIAL_VALUES = [
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1, 0.5, 1e-30, -1e-30, 1e-40,
  3e38, -3e38, 88, -88, 89, -104, 120, -120, 15, -15, 1e-4, -1e-4, 0.499, -0.499, 6, 7,
];
