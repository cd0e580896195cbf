import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { expectEntrywiseClose } from '../../test/elementwise-oracle.js';
import { randomInput, runOn, type Input } from '../../test/oracle.js';
import { bceWithLogits, gaussianKlStdNormal } from './index.js';

type Loss = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const bceComposite: Loss = (l, x) => tf.relu(l).sub(l.mul(x)).add(tf.log1p(tf.exp(tf.abs(l).neg()))).sum(-1);
const klComposite: Loss = (mu, lv) => tf.scalar(-0.5).mul(tf.scalar(1).add(lv).sub(mu.square()).sub(tf.exp(lv)).sum(-1));

/** Value and both gradients (with a non-uniform upstream gradient) of a per-row loss. */
const withGrads = (loss: Loss) => (a: tf.Tensor, b: tf.Tensor) => {
  const w = tf.range(1, 1 + tf.util.sizeFromShape(a.shape.slice(0, -1))).reshape(a.shape.slice(0, -1));
  const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => loss(x, y).mul(w).sum())([a, b]);
  return [loss(a, b), da, db];
};

async function expectMatchesComposite(fused: Loss, composite: Loss, inputs: Input[], rtol: number, atol: number) {
  const got = await runOn('native', inputs, withGrads(fused));
  for (const backend of ['native', 'cpu']) {
    const want = await runOn(backend, inputs, withGrads(composite));
    got.forEach((r, i) => expectEntrywiseClose(r, want[i], rtol, atol));
  }
}

const SHAPES = [[8, 30], [5], [2, 3, 4], [0, 7], [4, 0], [1, 1], [64, 784]];

describe('fused bceWithLogits', () => {
  it('matches its composite definition in value and gradients', async () => {
    for (let s = 0; s < SHAPES.length; s++) {
      const logits = randomInput(SHAPES[s], s, -8, 8);
      const targets = randomInput(SHAPES[s], 100 + s, 0, 1);
      await expectMatchesComposite(bceWithLogits, bceComposite, [logits, targets], 2e-5, 1e-5);
    }
  });

  it('stays finite and exact for huge logits', async () => {
    // l = 0, x = 1: log 2; l = 100, x = 1: log1p(e^-100) ≈ 3.7e-44; l = -100, x = 1: 100;
    // l = 1e4, x = 0: 1e4 (a sigmoid-then-log would give Inf).
    const l: Input = { shape: [4, 1], values: Float32Array.from([0, 100, -100, 1e4]) };
    const x: Input = { shape: [4, 1], values: Float32Array.from([1, 1, 1, 0]) };
    const [v, dl] = await runOn('native', [l, x], withGrads(bceWithLogits));
    expect(v.values[0]).toBeCloseTo(Math.LN2, 6);
    expect(v.values[1]).toBeLessThan(1e-40);
    expect(v.values[2]).toBe(100);
    expect(v.values[3]).toBe(1e4);
    // ∂/∂l = σ(l) - x, times the upstream weights 1..4.
    expect(Array.from(dl.values)).toEqual([-0.5, 0, -3, 4].map(Math.fround));
  });

  it('rejects mismatched shapes, scalars and non-float32 input with a clear error', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
        expect(() => bceWithLogits(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(/'logits' has shape \[2,3\] but 'targets' has shape \[3,2\]/);
      expect(() => bceWithLogits(tf.scalar(1), tf.scalar(1))).toThrow(/at least one axis/);
      expect(() => bceWithLogits(tf.zeros([2], 'int32'), tf.zeros([2], 'int32'))).toThrow(/must be float32, got int32/);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fused gaussianKlStdNormal', () => {
  it('matches its composite definition in value and gradients', async () => {
    for (let s = 0; s < SHAPES.length; s++) {
      const mu = randomInput(SHAPES[s], 7 * s, -3, 3);
      const logvar = randomInput(SHAPES[s], 7 * s + 1, -6, 4);
      await expectMatchesComposite(gaussianKlStdNormal, klComposite, [mu, logvar], 2e-5, 2e-5);
    }
  });

  it('gives the closed form on hand-worked rows', async () => {
    // KL = ½ Σ (mu² + σ² - 1 - log σ²): [0,0]/[0,0] -> 0; [1,0]/[0,0] -> ½;
    // [0,0]/[log 2, 0] -> ½(2 - 1 - log 2) = 0.1534264...
    const mu: Input = { shape: [3, 2], values: Float32Array.from([0, 0, 1, 0, 0, 0]) };
    const lv: Input = { shape: [3, 2], values: Float32Array.from([0, 0, 0, 0, Math.LN2, 0]) };
    const [kl] = await runOn('native', [mu, lv], (m, l) => gaussianKlStdNormal(m, l));
    expect(kl.values[0]).toBe(0);
    expect(kl.values[1]).toBe(0.5);
    expect(kl.values[2]).toBeCloseTo(0.5 * (1 - Math.LN2), 7);
  });

  it('gives the same values and gradients on the cpu backend', async () => {
    const inputs = [randomInput([3, 4], 1), randomInput([3, 4], 2)];
    const got = await runOn('cpu', inputs, withGrads(gaussianKlStdNormal));
    const want = await runOn('cpu', inputs, withGrads(klComposite));
    got.forEach((r, i) => expectEntrywiseClose(r, want[i], 1e-6, 1e-6));
  });
});
