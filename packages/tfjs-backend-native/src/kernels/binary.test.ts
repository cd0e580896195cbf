import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectEntrywiseSameAsCpu, SPECIAL_VALUES } from '../../test/elementwise-oracle.js';
import { randomInput, runOn, type Input } from '../../test/oracle.js';

type Op = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const ARITHMETIC: [string, Op][] = [
  ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div], ['maximum', tf.maximum],
  ['minimum', tf.minimum], ['pow', tf.pow], ['squaredDifference', tf.squaredDifference],
];
const COMPARISONS: [string, Op][] = [
  ['less', tf.less], ['lessEqual', tf.lessEqual], ['greater', tf.greater], ['greaterEqual', tf.greaterEqual],
  ['equal', tf.equal], ['notEqual', tf.notEqual],
];

// Same shape, scalar either side, bias row, column, outer product, rank-3/4 broadcasts,
// size-0 and size-1 dimensions, and one large enough to run threaded.
const SHAPE_PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]], [[], [5, 6]], [[5, 6], []], [[7, 5], [5]], [[4, 1], [4, 6]], [[3, 1], [1, 5]],
  [[2, 1, 4], [3, 1]], [[2, 3, 1, 5], [1, 3, 4, 1]], [[0, 3], [3]], [[1], [1]], [[1, 1, 1], [2, 1, 3]],
  [[260, 257], [257]], [[300, 1], [300, 130]],
];

/** Inputs where some entries of a are equal to b's, so that comparisons see ties. */
function pair(shapes: [number[], number[]], seed: number, lo: number, hi: number): Input[] {
  const a = randomInput(shapes[0], seed, lo, hi);
  const b = randomInput(shapes[1], seed + 1, lo, hi);
  for (let i = 0; i < Math.min(a.values.length, b.values.length); i += 3) a.values[i] = b.values[i];
  return [a, b];
}

describe('native binary kernels', () => {
  it('match cpu on every broadcasting pattern', async () => {
    for (const [name, op] of [...ARITHMETIC, ...COMPARISONS]) {
      for (let s = 0; s < SHAPE_PAIRS.length; s++) {
        const positive = name === 'pow';
        const inputs = pair(SHAPE_PAIRS[s], 17 * s + name.length, positive ? 0.1 : -4, 4);
        await expectEntrywiseSameAsCpu(inputs, op, name === 'pow' ? 1e-6 : 0, 0);
      }
    }
  });

  it('propagate NaN and ±Inf like cpu and return bool for comparisons', async () => {
    const n = SPECIAL_VALUES.length;
    const a: Input = { shape: [n, 1], values: Float32Array.from(SPECIAL_VALUES) };
    const b: Input = { shape: [1, n], values: Float32Array.from(SPECIAL_VALUES) };
    for (const [, op] of [...ARITHMETIC, ...COMPARISONS]) await expectEntrywiseSameAsCpu([a, b], op, 1e-6, 0);
    await runOn('native', [a, b], (x, y) => {
      expect(tf.less(x, y).dtype).toBe('bool');
      return tf.less(x, y);
    });
  });

  it('give the same gradients as cpu through tf.grad with broadcasting', async () => {
    const broadcast = [randomInput([6, 5], 3, 0.5, 2), randomInput([5], 4, 0.5, 2)];
    const same = [randomInput([6, 5], 5, 0.5, 2), randomInput([6, 5], 6, 0.5, 2)];
    for (const [name, op] of ARITHMETIC) {
      // tfjs's own Maximum, Minimum and SquaredDifference gradients do not reduce over
      // broadcast axes (on any backend).
      const inputs = ['maximum', 'minimum', 'squaredDifference'].includes(name) ? same : broadcast;
      const weights = tf.tidy(() => tf.range(1, 31).reshape([6, 5]));
      await expectEntrywiseSameAsCpu(inputs, (x, y) => tf.grads((s: tf.Tensor, t: tf.Tensor) => op(s, t).mul(weights).sum())([x, y]), 2e-6, 1e-6);
      weights.dispose();
    }
  });

  it('add N tensors (gradient accumulation) like cpu', async () => {
    const xs = [0, 1, 2, 3].map((s) => randomInput([33, 1000], s, -1e3, 1e3));
    await expectEntrywiseSameAsCpu(xs, (...ts) => tf.addN(ts), 0, 0);
    await expectEntrywiseSameAsCpu([xs[0]], (t) => tf.addN([t]), 0, 0);
  });

  it('select whole rows or entries like cpu, keeping NaN in the chosen branch', async () => {
    const t = randomInput([6, 40_000], 7);
    t.values[5] = Number.NaN;
    const e = randomInput([6, 40_000], 8);
    const rowCond: Input = { shape: [6, 1], values: Int32Array.from([1, 0, 0, 1, 1, 0]), dtype: 'int32' };
    await expectEntrywiseSameAsCpu([rowCond, t, e], (c, x, y) => tf.where(tf.cast(c, 'bool'), x, y), 0, 0);
    const cond = randomInput([6, 40_000], 9);
    await expectEntrywiseSameAsCpu([cond, t, e], (c, x, y) => tf.where(tf.greater(c, 0), x, y), 0, 0);
    await expectEntrywiseSameAsCpu([cond, t, e], (c, x, y) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.where(tf.greater(c, 0), a, b).sum())([x, y]), 0, 0);
  });

  it('cast int32 and bool to real float32 arrays', async () => {
    const x: Input = { shape: [2, 3], values: Int32Array.from([-2, 0, 7, 16777217, 1, -1]), dtype: 'int32' };
    await runOn('native', [x], (t) => {
      const f = tf.cast(t, 'float32');
      const backend = tf.backend() as unknown as { data: { get(id: object): { values: unknown } } };
      expect(backend.data.get(f.dataId).values).toBeInstanceOf(Float32Array);
      expect(Array.from(f.dataSync())).toEqual([-2, 0, 7, 16777216, 1, -1]);
      const bool = tf.cast(tf.greater(t, 0), 'float32');
      expect(backend.data.get(bool.dataId).values).toBeInstanceOf(Float32Array);
      expect(Array.from(bool.dataSync())).toEqual([0, 0, 1, 1, 1, 0]);
      return f;
    });
  });
});
