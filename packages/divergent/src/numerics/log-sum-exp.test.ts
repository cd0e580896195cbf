import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from './finite-difference.js';
import { logSoftmax, logSumExp } from './log-sum-exp.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('logSumExp and logSoftmax', () => {
  it('keep the dominant entry exact: log softmax([50, 0, -50])₀ = -log1p(e^-50 + e^-100)', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const ls = values(logSoftmax(tf.tensor1d([50, 0, -50])));
          // -log1p(e^-50 + e^-100) = -1.9287498479639178e-22 (mpmath); tf.logSoftmax gives 0.
          expect(Math.abs(ls[0] / -1.9287498479639178e-22 - 1)).toBeLessThan(1e-5);
          expect(ls[1]).toBeCloseTo(-50, 4);
          expect(ls[2]).toBeCloseTo(-100, 4);
          // Ties: log Σ exp([1, 1, -inf]) = 1 + log 2.
          expect(values(logSumExp(tf.tensor1d([1, 1, -Infinity])))[0]).toBeCloseTo(1 + Math.LN2, 6);
          expect(values(logSumExp(tf.tensor2d([[-Infinity, -Infinity]])))).toEqual([-Infinity]);
        }),
      ),
    ).toBe(0);
  });

  it('have gradients that match finite differences (softmax for logSumExp), ties included', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([
        [0.3, -1.2, 2],
        [1, 1, 0.5],
      ]);
      expect(gradientError((v) => logSumExp(v), x)).toBeLessThan(2e-3);
      const w = tf.tensor2d([
        [1, -2, 0.5],
        [0.3, 0.7, -1],
      ]);
      expect(gradientError((v) => tf.mul(logSoftmax(v), w), x)).toBeLessThan(2e-3);
      const g = values(tf.grad((v: tf.Tensor) => tf.sum(logSumExp(v)))(x));
      values(tf.softmax(x)).forEach((s, i) => expect(g[i]).toBeCloseTo(s, 6));
    });
  });
});
