import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectEntrywiseSameAsCpu } from '../../test/elementwise-oracle.js';
import { expectSameAsCpu, randomInput, runOn, type Input } from '../../test/oracle.js';

type Reduce = (x: tf.Tensor, axis: number[] | undefined, keepDims: boolean) => tf.Tensor;

const REDUCTIONS: [string, Reduce][] = [
  ['sum', (x, a, k) => tf.sum(x, a, k)], ['mean', (x, a, k) => tf.mean(x, a, k)],
  ['prod', (x, a, k) => tf.prod(x, a, k)], ['max', (x, a, k) => tf.max(x, a, k)], ['min', (x, a, k) => tf.min(x, a, k)],
];

// Shapes with the axes to reduce: contiguous (leading, trailing, middle), non-adjacent
// (transposed first), size-1 axes between reduced ones, everything, and size-0 inputs.
const CASES: [number[], number[] | undefined][] = [
  [[7], undefined], [[5, 6], [1]], [[5, 6], [0]], [[3, 4, 5], [1]], [[3, 4, 5], [0, 2]], [[2, 3, 4, 5], [1, 3]],
  [[3, 1, 4], [0, 2]], [[4, 3, 1], [1]], [[2, 3, 4], [0, 1, 2]], [[1], [0]], [[0, 3], [1]], [[3, 0], [1]],
  [[130_000], [0]], [[64, 1100], [0]], [[300, 200], [1]],
];

describe('native reductions', () => {
  it('match cpu along any axes, with and without keepDims', async () => {
    for (const [name, fn] of REDUCTIONS) {
      for (let c = 0; c < CASES.length; c++) {
        const [shape, axes] = CASES[c];
        // Products of many factors under- or overflow; keep them near 1 so they stay finite.
        const input = name === 'prod' ? randomInput(shape, c, 0.98, 1.02) : randomInput(shape, c, -3, 3);
        await expectSameAsCpu([input], (x) => fn(x, axes, c % 2 === 0), 1e-5, 1e-6);
      }
    }
  });

  it('match cpu for argMax / argMin on every axis, ties taking the first index', async () => {
    const input = randomInput([4, 5, 6], 9, -2, 2);
    input.values[7] = input.values[1];
    for (let axis = 0; axis < 3; axis++) {
      await expectEntrywiseSameAsCpu([input], (x) => tf.argMax(x, axis), 0, 0);
      await expectEntrywiseSameAsCpu([input], (x) => tf.argMin(x, axis), 0, 0);
    }
    const ties: Input = { shape: [2, 3], values: Float32Array.from([1, 3, 3, 2, 2, -1]) };
    const [am] = await runOn('native', [ties], (x) => tf.argMax(x, 1));
    expect(Array.from(am.values)).toEqual([1, 0]);
  });

  it('propagate NaN and Inf like cpu', async () => {
    const x: Input = { shape: [3, 4], values: Float32Array.from([1, Number.NaN, 3, 4, 5, Infinity, 7, 8, -Infinity, 2, 1, 0]) };
    for (const [, fn] of REDUCTIONS) {
      for (const axes of [[0], [1], undefined]) await expectEntrywiseSameAsCpu([x], (t) => fn(t, axes, false), 1e-6, 0);
    }
  });

  it('sum 1e7 ones exactly and large magnitudes without overflow (double accumulation)', async () => {
    const [s] = await runOn('native', [], () => tf.ones([10_000_000]).sum());
    expect(s.values[0]).toBe(10_000_000);
    const big: Input = { shape: [4], values: Float32Array.from([3e38, 3e38, -3e38, -3e38]) };
    const [b] = await runOn('native', [big], (t) => t.sum());
    expect(b.values[0]).toBe(0);
  });

  it('give the same gradients as cpu through tf.grad', async () => {
    const input = randomInput([4, 6], 3, 0.5, 1.5);
    for (const [, fn] of REDUCTIONS) {
      await expectSameAsCpu([input], (x) => tf.grad((t: tf.Tensor) => fn(t, [1], false).mul(tf.range(1, 5)).sum())(x), 1e-5, 1e-6);
    }
  });

  it('compute softmax over the last axis like cpu, gradients included', async () => {
    for (const shape of [[1], [5, 7], [2, 3, 10], [40, 1000], [3, 1]]) {
      await expectSameAsCpu([randomInput(shape, shape.length, -20, 20)], (x) => tf.softmax(x), 1e-6, 1e-7);
    }
    const x: Input = { shape: [3, 3], values: Float32Array.from([1, 2, Number.NaN, 100, 100, -Infinity, 0, 0, 0]) };
    const [p] = await expectSameAsCpu([x], (t) => tf.softmax(t), 1e-6, 1e-7);
    expect(Array.from(p.values.slice(3))).toEqual([0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    await expectSameAsCpu([randomInput([6, 9], 4, -3, 3)], (t) =>
      tf.grad((s: tf.Tensor) => tf.softmax(s).mul(tf.range(0, 54).reshape([6, 9])).sum())(t), 1e-5, 1e-6);
    await expectSameAsCpu([randomInput([6, 9], 5, -3, 3)], (t) => tf.logSoftmax(t), 1e-6, 1e-6);
  });
});
