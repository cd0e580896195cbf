import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectEntrywiseSameAsCpu, SPECIAL_VALUES } from '../../test/elementwise-oracle.js';
import { randomInput, type Input } from '../../test/oracle.js';
import '../index.js';

const weights = (n: number) => tf.range(1, n + 1).div(n);
const gradOf = (alpha: number) => (x: tf.Tensor) =>
  tf.grad((t: tf.Tensor) => tf.leakyRelu(t, alpha).mul(weights(t.size).reshape(t.shape)).sum())(x);

describe('native LeakyRelu gradient', () => {
  it('matches the cpu composite exactly on random shapes and slopes', async () => {
    const shapes = [[0], [1], [7], [5, 13], [2, 3, 4], [40_003]];
    for (let s = 0; s < shapes.length; s++) {
      for (const alpha of [0.2, 0.01, 1.5]) {
        await expectEntrywiseSameAsCpu([randomInput(shapes[s], 17 * s + 3, -4, 4)], gradOf(alpha), 0, 0);
      }
    }
  });

  it('matches cpu on NaN, ±Inf, ±0 and subnormal inputs', async () => {
    const x: Input = { shape: [SPECIAL_VALUES.length], values: Float32Array.from(SPECIAL_VALUES) };
    await expectEntrywiseSameAsCpu([x], gradOf(0.2), 0, 0);
    // NaN and ±Inf in dy as well: the incoming gradient passes through unchanged or scaled.
    const dy: Input = { shape: [SPECIAL_VALUES.length], values: Float32Array.from(SPECIAL_VALUES).reverse() };
    await expectEntrywiseSameAsCpu([x, dy], (a, g) => tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.3))(a, g), 0, 0);
  });

  it('has its own gradient: a second-order term (an R1-style penalty) has its closed form', async () => {
    // penalty(w) = Σ (∂/∂x Σ leakyRelu(x·w))² = Σ (w·s)², s = slope at x·w (1 or α), so
    // ∂penalty/∂w = 2·w·s² (s is piecewise constant). tfjs's own composite cannot do this:
    // Greater has no gradient.
    await tf.setBackend('native');
    const alpha = 0.2;
    const x = tf.tensor(randomInput([6, 7], 11, -3, 3).values, [6, 7]);
    const w = tf.tensor(randomInput([6, 7], 12, -2, 2).values, [6, 7]);
    const got = tf.grad((v: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.leakyRelu(u.mul(v), alpha).sum())(x).square().sum())(w);
    const [xs, ws, gs] = [x, w, got].map((t) => t.dataSync());
    for (let i = 0; i < xs.length; i++) {
      const slope = xs[i] * ws[i] > 0 ? 1 : alpha;
      expect(gs[i]).toBeCloseTo(2 * ws[i] * slope * slope, 5);
    }
    tf.dispose([x, w, got]);
  });

  it('runs as one kernel on native', async () => {
    await tf.setBackend('native');
    const x = tf.tensor(randomInput([64, 33], 5, -2, 2).values, [64, 33]);
    const profile = await tf.profile(() => tf.tidy(() => gradOf(0.2)(x)));
    x.dispose();
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toContain('DivergentLeakyReluGrad');
    expect(kernels).not.toContain('Select');
  });
});
