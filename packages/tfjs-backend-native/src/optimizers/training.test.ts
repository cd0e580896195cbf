import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { randomValues } from '../../test/oracle.js';
import { bceWithLogits } from '../fused/index.js';
import { nativeAdam } from './adam.js';

const IN = 20;
const HIDDEN = 32;
const CLASSES = 3;
const BATCH = 64;

/**
 * Trains a 20-32-3 tanh/relu MLP with softmax cross-entropy plus a BCE-on-logits side
 * loss for `steps` Adam steps from seeded weights and data; returns the loss curve.
 */
async function lossCurve(backend: string, adam: () => tf.Optimizer, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(randomValues(BATCH * IN, 1, -2, 2), [BATCH, IN]);
  const teacher = tf.tensor2d(randomValues(IN * CLASSES, 2), [IN, CLASSES]);
  const labels = tf.tidy(() => tf.oneHot(tf.argMax(x.matMul(teacher), 1), CLASSES).asType('float32'));
  const [w1, b1, w2, b2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(randomValues(IN * HIDDEN, 3, -0.3, 0.3), [IN, HIDDEN]), true, `${backend}w1`),
    tf.variable(tf.zeros([HIDDEN]), true, `${backend}b1`),
    tf.variable(tf.tensor2d(randomValues(HIDDEN * CLASSES, 4, -0.3, 0.3), [HIDDEN, CLASSES]), true, `${backend}w2`),
    tf.variable(tf.zeros([CLASSES]), true, `${backend}b2`),
  ]);
  const opt = adam();
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    const cost = opt.minimize(() => {
      const h = tf.tanh(x.matMul(w1).add(b1)).mul(tf.relu(x.matMul(w1)).add(1));
      const logits = h.matMul(w2).add(b2);
      const ce = tf.losses.softmaxCrossEntropy(labels, logits);
      return ce.add(bceWithLogits(logits, labels).mean().mul(0.1)) as tf.Scalar;
    }, true)!;
    losses.push(cost.dataSync()[0]);
    cost.dispose();
  }
  opt.dispose();
  tf.dispose([x, teacher, labels, w1, b1, w2, b2]);
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

describe('training on the native backend', () => {
  it('follows the cpu loss curve of a seeded MLP within float tolerance', async () => {
    const cpu = await lossCurve('cpu', () => tf.train.adam(0.02), 25);
    const native = await lossCurve('native', () => nativeAdam(0.02), 25);
    expect(native[0]).toBeCloseTo(cpu[0], 5);
    for (let t = 0; t < cpu.length; t++) {
      expect(Math.abs(native[t] - cpu[t]), `step ${t}`).toBeLessThanOrEqual(1e-4 * Math.abs(cpu[t]));
    }
    // And it learns: the loss at least halves over 25 steps.
    expect(native[24]).toBeLessThan(0.5 * native[0]);
  });
});
