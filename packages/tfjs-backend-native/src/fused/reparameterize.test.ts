import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { expectEntrywiseClose } from '../../test/elementwise-oracle.js';
import { randomInput, runOn, type Input } from '../../test/oracle.js';
import { reparameterize } from './index.js';

type Reparam = (mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor) => tf.Tensor;

const composite: Reparam = (mu, lv, eps) => tf.add(mu, tf.mul(eps, tf.exp(tf.mul(lv, 0.5))));

/** z and the gradients of Σ w·z for all three inputs, w a non-uniform upstream weight. */
const withGrads = (f: Reparam) => (mu: tf.Tensor, lv: tf.Tensor, eps: tf.Tensor) => {
  const w = tf.range(1, 1 + eps.size).reshape(eps.shape).div(eps.size);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a, b, c).mul(w).sum())([mu, lv, eps]);
  return [f(mu, lv, eps), ...grads];
};

// [mu's shape, eps's leading sample axes]
const CASES: [number[], number[]][] = [[[8, 30], []], [[8, 30], [5]], [[2, 4], [3, 2]], [[1, 1], []], [[7], [4]], [[0, 3], [2]]];

describe('fused reparameterize', () => {
  it('matches z = mu + eps·exp(logvar/2) and its gradients, with and without sample axes', async () => {
    for (let s = 0; s < CASES.length; s++) {
      const [shape, lead] = CASES[s];
      const inputs = [randomInput(shape, 3 * s, -2, 2), randomInput(shape, 3 * s + 1, -6, 4), randomInput([...lead, ...shape], 3 * s + 2, -3, 3)];
      const got = await runOn('native', inputs, withGrads(reparameterize));
      for (const backend of ['native', 'cpu']) {
        const want = await runOn(backend, inputs, withGrads(composite));
        got.forEach((r, i) => expectEntrywiseClose(r, want[i], 2e-6, 1e-6));
      }
    }
  });

  it('gives the hand-worked values and sums the gradients over the samples', async () => {
    // mu = 1, logvar = 2 ln 2 (σ = 2), eps = [0.5, -1]: z = [2, -1]; with dz = 1 each,
    // dmu = 2, dlogvar = ½ σ Σ eps = -0.5, deps = σ = [2, 2].
    const mu: Input = { shape: [1], values: Float32Array.of(1) };
    const lv: Input = { shape: [1], values: Float32Array.of(2 * Math.LN2) };
    const eps: Input = { shape: [2, 1], values: Float32Array.of(0.5, -1) };
    const [z, dmu, dlv, deps] = await runOn('native', [mu, lv, eps], (a, b, c) => [
      reparameterize(a, b, c),
      ...tf.grads((x: tf.Tensor, y: tf.Tensor, e: tf.Tensor) => reparameterize(x, y, e).sum())([a, b, c]),
    ]);
    expect(Array.from(z.values)).toEqual([2, -1]);
    expect(Array.from(dmu.values)).toEqual([2]);
    expect(Array.from(dlv.values)).toEqual([-0.5]);
    expect(Array.from(deps.values)).toEqual([2, 2]);
  });

  it('rejects mismatched shapes and non-float32 input with a clear error', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      expect(() => reparameterize(tf.zeros([2, 3]), tf.zeros([3, 2]), tf.zeros([2, 3]))).toThrow(/'mu' has shape \[2,3\] but 'logvar' has shape \[3,2\]/);
      expect(() => reparameterize(tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(/'eps' has shape \[2,4\]; it must end with mu's shape \[2,3\]/);
      expect(() => reparameterize(tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([3]))).toThrow(/must end with mu's shape/);
      expect(() => reparameterize(tf.zeros([2], 'int32'), tf.zeros([2], 'int32'), tf.zeros([2], 'int32'))).toThrow(/'mu' must be float32, got int32/);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
