import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput, randomValues, runOn } from '../../test/oracle.js';

function permutation(n: number, seed: number): number[] {
  const keys = randomValues(n, seed);
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
}

describe('native Transpose', () => {
  it('matches cpu for random shapes and permutations of rank 1 to 5', async () => {
    for (let t = 0; t < 30; t++) {
      const rank = 1 + (t % 5);
      const shape = Array.from(randomValues(rank, t, 0, 6), (v, i) => (t === 7 && i === 0 ? 0 : Math.floor(v) + (t % 3 === 0 ? 1 : 0)));
      const perm = permutation(rank, t + 50);
      await expectSameAsCpu([randomInput(shape, t)], (x) => tf.transpose(x, perm), 0, 0);
    }
  });

  it('transposes a large matrix across tiles, with NaN and Inf kept in place', async () => {
    const x = randomInput([70, 45], 3);
    x.values[5] = Number.NaN;
    x.values[100] = Number.NEGATIVE_INFINITY;
    const [out] = await expectSameAsCpu([x], (a) => tf.transpose(a), 0, 0);
    expect(Number.isNaN(out.values[5 * 70])).toBe(true);
    expect(out.values[10 * 70 + 2]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('transposes int32 tensors and float32 tensors held in Int32Array', async () => {
    const x = { shape: [2, 3], values: Int32Array.from([1, 2, 3, 4, 5, 6]), dtype: 'int32' as const };
    const [ints] = await runOn('native', [x], (a) => tf.transpose(a));
    expect(Array.from(ints.values)).toEqual([1, 4, 2, 5, 3, 6]);
    await expectSameAsCpu([x], (a) => tf.transpose(tf.cast(a, 'float32'), [1, 0]), 0, 0);
    await tf.setBackend('native');
    expect(() => tf.transpose(tf.zeros([2, 3]), [0, 0])).toThrow(/permutation/);
  });
});

describe('native Slice and SplitV', () => {
  it('match cpu on random boxes of rank 1 to 4', async () => {
    for (let t = 0; t < 30; t++) {
      const rank = 1 + (t % 4);
      const shape = Array.from(randomValues(rank, t + 7, 1, 6), Math.floor);
      const begin = shape.map((d, i) => Math.floor(randomValues(1, 31 * t + i, 0, d)[0]));
      const size = shape.map((d, i) => (t % 4 === 0 ? -1 : Math.floor(randomValues(1, 37 * t + i, 0, d - begin[i] + 1)[0])));
      await expectSameAsCpu([randomInput(shape, t)], (x) => tf.slice(x, begin, size), 0, 0);
    }
  });

  it('split like cpu along every axis, with NaN kept, and int32 too', async () => {
    const x = randomInput([4, 6, 5], 2);
    x.values[3] = Number.NaN;
    for (const axis of [0, 1, 2, -1]) {
      await expectSameAsCpu([x], (a) => tf.split(a, axis === 1 ? [1, 0, 5] : 1 + (axis === 0 ? 1 : 0), axis), 0, 0);
    }
    const ints = { shape: [2, 4], values: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), dtype: 'int32' as const };
    const [left, right] = await runOn('native', [ints], (a) => tf.split(a, 2, 1));
    expect([Array.from(left.values), Array.from(right.values)]).toEqual([[1, 2, 5, 6], [3, 4, 7, 8]]);
  });

  it('differentiates a split like cpu', async () => {
    await expectSameAsCpu([randomInput([3, 8], 4), randomInput([3, 2], 5)], (x, w) =>
      tf.grad((a: tf.Tensor) => {
        const [p, q] = tf.split(a, [2, 6], 1);
        return tf.sum(tf.mul(p, w)).add(tf.sum(tf.square(q)));
      })(x),
    );
  });
});

describe('native Concat', () => {
  it('matches cpu along every axis, with empty inputs, NaN, and the gradients flowing back', async () => {
    for (let t = 0; t < 24; t++) {
      const rank = 1 + (t % 4);
      const axis = t % rank;
      const base = Array.from(randomValues(rank, t + 3, 1, 5), Math.floor);
      const shapes = [0, 1, 2].map((i) => base.map((d, j) => (j === axis ? (t === 5 && i === 1 ? 0 : 40 * (i + 1) + t) : d)));
      const inputs = shapes.map((shape, i) => randomInput(shape, 10 * t + i));
      inputs[0].values[0] = Number.NaN;
      await expectSameAsCpu(inputs, (...xs) => tf.concat(xs, axis), 0, 0);
      const joined = shapes[1].map((d, j) => (j === axis ? d + shapes[2][j] : d));
      await expectSameAsCpu([inputs[1], inputs[2], randomInput(joined, 99 + t)], (a, b, w) =>
        tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], axis), w)))([a, b]), 0, 0);
    }
  });

  it('leaves short runs and int32 to the reference, with the same values', async () => {
    await expectSameAsCpu([randomInput([50, 3], 1), randomInput([50, 2], 2)], (a, b) => tf.concat([a, b], 1), 0, 0);
    const ints = { shape: [2, 2], values: Int32Array.from([1, 2, 3, 4]), dtype: 'int32' as const };
    const [out] = await runOn('native', [ints, ints], (a, b) => tf.concat([a, b], 0));
    expect(Array.from(out.values)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });
});
