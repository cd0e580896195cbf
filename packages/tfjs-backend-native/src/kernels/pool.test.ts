import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput, randomValues, runOn } from '../../test/oracle.js';

type Pad = 'same' | 'valid';
const cases: { x: number[]; size: [number, number]; strides: [number, number]; pad: Pad }[] = [];
for (let t = 0; t < 16; t++) {
  const r = (i: number, n: number) => Math.floor(randomValues(1, 104729 * t + i, 0, n)[0]);
  cases.push({
    x: [t === 0 ? 0 : 1 + r(1, 3), 1 + r(2, 8), 1 + r(3, 8), 1 + r(4, 4)],
    size: [1 + r(5, 3), 1 + r(6, 3)],
    strides: [1 + r(7, 2), 1 + r(8, 2)],
    pad: t % 2 === 0 ? 'same' : 'valid',
  });
}

describe('native pooling', () => {
  it('max and average pool match cpu on random shapes', async () => {
    for (const [t, c] of cases.entries()) {
      const x = randomInput(c.x, t, -1e20, 1e20);
      await expectSameAsCpu([x], (a) => [
        tf.maxPool(a as tf.Tensor4D, c.size, c.strides, c.pad),
        tf.avgPool(a as tf.Tensor4D, c.size, c.strides, c.pad),
      ]);
    }
  });

  it('ignores NaN in the max (as cpu does) and propagates it in the average', async () => {
    const x = randomInput([1, 4, 4, 1], 3);
    x.values[0] = Number.NaN;
    x.values[5] = Number.POSITIVE_INFINITY;
    const [max, avg] = await expectSameAsCpu([x], (a) => [tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), tf.avgPool(a as tf.Tensor4D, 2, 2, 'valid')]);
    expect(max.values[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(avg.values[0])).toBe(true);
  });

  it('max pool gradient matches cpu', async () => {
    for (const [t, c] of cases.entries()) {
      await expectSameAsCpu([randomInput(c.x, t)], (a) => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.maxPool(v as tf.Tensor4D, c.size, c.strides, c.pad))))(a));
    }
  });

  it('average pool gradient matches cpu without padding', async () => {
    for (const [t, c] of cases.entries()) {
      if (c.pad !== 'valid') continue;
      await expectSameAsCpu([randomInput(c.x, t)], (a) => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.avgPool(v as tf.Tensor4D, c.size, c.strides, c.pad))))(a));
    }
  });

  it('average pool gradient divides by the pixels each padded window read', async () => {
    // 3x3 input, 2x2 windows, stride 2, 'same': windows hold 4, 2, 2 and 1 pixels.
    const [dx] = await runOn('native', [randomInput([1, 3, 3, 1], 1)], (a) => tf.grad((v: tf.Tensor) => tf.sum(tf.avgPool(v as tf.Tensor4D, 2, 2, 'same')))(a));
    expect(Array.from(dx.values)).toEqual([0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
  });
});
