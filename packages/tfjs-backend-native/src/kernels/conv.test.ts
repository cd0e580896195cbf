import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput, randomValues } from '../../test/oracle.js';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

interface Case {
  x: number[];
  f: number[];
  strides: [number, number];
  pad: Pad;
  dilations: [number, number];
}

function randomCase(t: number): Case {
  const r = (i: number, n: number) => Math.floor(randomValues(1, 7919 * t + i, 0, n)[0]);
  const pads: Pad[] = ['same', 'valid', [[0, 0], [1, 2], [0, 1], [0, 0]]];
  const dilated = t % 5 === 4;
  const strides: [number, number] = dilated ? [1, 1] : [1 + r(1, 2), 1 + r(2, 2)];
  return {
    x: [r(3, 3) + (t === 0 ? 0 : 1), 4 + r(4, 6), 4 + r(5, 6), 1 + r(6, 4)],
    f: [1 + r(7, 4), 1 + r(8, 4), 0, 1 + r(9, 5)],
    strides,
    pad: pads[t % pads.length],
    dilations: dilated ? [2, 1 + r(10, 2)] : [1, 1],
  };
}

describe('native Conv2D', () => {
  it('matches cpu on random shapes, strides, paddings and dilations', async () => {
    for (let t = 0; t < 20; t++) {
      const c = randomCase(t);
      c.f[2] = c.x[3];
      await expectSameAsCpu([randomInput(c.x, t), randomInput(c.f, t + 100)], (x, f) =>
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations),
      );
    }
  });

  it('fuses bias and activation like cpu (tfjs-layers Conv2D path)', async () => {
    for (const activation of ['relu', 'leakyrelu', 'elu', 'sigmoid', 'linear'] as const) {
      const inputs = [randomInput([2, 9, 9, 3], 1), randomInput([3, 3, 3, 5], 2), randomInput([5], 3)];
      await expectSameAsCpu(inputs, (x, filter, bias) =>
        tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 2, pad: 'same', bias, activation, leakyreluAlpha: 0.2 }),
      );
    }
  });

  it('handles pointwise filters, NaN, Inf and large magnitudes like cpu', async () => {
    const x = randomInput([2, 5, 5, 4], 4, -1e15, 1e15);
    x.values[7] = Number.NaN;
    x.values[40] = Number.NEGATIVE_INFINITY;
    const out = await expectSameAsCpu([x, randomInput([1, 1, 4, 3], 5, 0.1, 1)], (a, f) => tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid'));
    expect(out[0].values.some(Number.isNaN)).toBe(true);
    await expectSameAsCpu([x, randomInput([3, 3, 4, 3], 6, 0.1, 1)], (a, f) => tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'));
  });

  it('runs conv2dTranspose (Conv2DBackpropInput) like cpu', async () => {
    for (let t = 0; t < 12; t++) {
      const c = randomCase(t);
      c.dilations = [1, 1];
      c.f[2] = c.x[3];
      const outShape = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.f as [number, number, number, number], c.strides, 1, c.pad).outShape;
      // conv2dTranspose maps the conv's output shape back to its input shape x.
      const filter = randomInput([c.f[0], c.f[1], c.f[2], c.f[3]], t + 300);
      await expectSameAsCpu([randomInput(outShape, t + 200), filter], (dy, f) =>
        tf.conv2dTranspose(dy as tf.Tensor4D, f as tf.Tensor4D, c.x as [number, number, number, number], c.strides, c.pad as 'same'),
      );
    }
  });

  it('differentiates like cpu with respect to input and filter', async () => {
    for (let t = 0; t < 10; t++) {
      const c = randomCase(t);
      c.dilations = [1, 1];
      c.f[2] = c.x[3];
      const outShape = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.f as [number, number, number, number], c.strides, 1, c.pad).outShape;
      await expectSameAsCpu([randomInput(c.x, t), randomInput(c.f, t + 1), randomInput(outShape, t + 2)], (x, f, w) =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), w)),
        )([x, f]),
      );
    }
  });

  it('accumulates the filter gradient over many images in a fixed order', async () => {
    // 12 images of 16x16x16 with a 5x5 filter exceed one im2col block, so blocks accumulate.
    const inputs = [randomInput([12, 16, 16, 16], 1), randomInput([5, 5, 16, 2], 2)];
    await expectSameAsCpu(inputs, (x, f) => tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))))(f), 1e-4);
  });
});
