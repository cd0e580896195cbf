import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput } from '../../test/oracle.js';
import { dense, type DenseActivation } from '../index.js';

const activations: DenseActivation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'tanh'];

describe('dense (one op per layer)', () => {
  it('matches the tfjs composite on cpu, forward and gradients, for every activation', async () => {
    for (const [i, activation] of activations.entries()) {
      const inputs = [randomInput([9, 13], i, -4, 4), randomInput([13, 7], i + 10), randomInput([7], i + 20), randomInput([9, 7], i + 30)];
      await expectSameAsCpu(inputs, (x, w, b, r) => {
        const f = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D, activation, 0.3), r));
        return [dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation, 0.3), ...tf.grads(f)([x, w, b])];
      }, 1e-5);
    }
  });

  it('works without a bias and with size-0 batches', async () => {
    await expectSameAsCpu([randomInput([5, 3], 1), randomInput([3, 4], 2)], (x, w) => [
      dense(x as tf.Tensor2D, w as tf.Tensor2D, undefined, 'tanh'),
      tf.grad((v: tf.Tensor) => tf.sum(dense(x as tf.Tensor2D, v as tf.Tensor2D, undefined, 'tanh')))(w),
    ]);
    await expectSameAsCpu([randomInput([0, 3], 1), randomInput([3, 4], 2), randomInput([4], 3)], (x, w, b) =>
      dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, 'relu'),
    );
  });

  it('rejects mismatched shapes and unknown activations', async () => {
    await tf.setBackend('native');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.zeros([2, 3]) as tf.Tensor2D;
      const w = tf.zeros([3, 5]) as tf.Tensor2D;
      expect(() => dense(x, tf.zeros([4, 5]) as tf.Tensor2D)).toThrow(/x \[batch, in\] and w \[in, out\] must agree, got x \[2,3\] and w \[4,5\]/);
      expect(() => dense(x, w, tf.zeros([4]) as tf.Tensor1D)).toThrow(/b must have shape \[5\]/);
      expect(() => dense(x, w, undefined, 'swish' as DenseActivation)).toThrow(/activation must be one of/);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
