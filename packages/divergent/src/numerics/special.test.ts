import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradientError, leakedTensors } from './finite-difference.js';
import { digamma, lbeta, lgamma, trigamma } from './special.js';

// scipy 1.10.1 (float64): gammaln, digamma, polygamma(1, x), polygamma(2, x) at these points
// (1.4616321449683622 is the positive root of digamma).
const xs = [1e-3, 0.1, 0.5, 1.0, 1.4616321449683622, 2.5, 7.3, 31.0, 1234.5];
const scipyLgamma = [6.907178885383853, 2.252712651734206, 0.5723649429247, 0.0, -0.1214862905358497, 0.2846828704729192, 7.147892523022249, 74.65823634883016, 7550.550901077894];
const scipyDigamma = [-1000.5755719318103, -10.423754940411076, -1.9635100260214235, -0.5772156649015329, -9.241265521729427e-17, 0.7031566406452432, 1.917820335637986, 3.4177714660188583, 7.1180162318279985];
const scipyTrigamma = [1000001.6425331959, 101.43329915079275, 4.93480220054468, 1.6449340668482266, 0.9676722454476214, 0.4903577561002349, 0.14679576813142703, 0.03278394924662884, 0.0008103727271269668];
const scipyTetragamma = [-2000000002.3976321, -2001.8614573783439, -16.828796644234316, -2.404113806319188, -0.8855263379671843, -0.23620405164172736, -0.021510814441620257, -0.0010746911296545256, -6.567039209328715e-7];

/** float32 accuracy: a few ulps relative to max(1, |expected|). */
function expectClose(actual: ArrayLike<number>, expected: number[], rel = 2e-6): void {
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e) / Math.max(1, Math.abs(e))).toBeLessThan(rel));
}

describe('lgamma, digamma, trigamma', () => {
  it('match scipy.special to float32 accuracy over 1e-3 .. 1e3', () => {
    expect(
      leakedTensors(() => {
        const x = tf.tensor1d(xs);
        const [a, b, c] = [lgamma(x), digamma(x), trigamma(x)];
        expectClose(a.dataSync(), scipyLgamma);
        expectClose(b.dataSync(), scipyDigamma);
        expectClose(c.dataSync(), scipyTrigamma);
        tf.dispose([x, a, b, c]);
      }),
    ).toBe(0);
  });

  it('are exact at the classic points: lgamma(1) = lgamma(2) = 0, ψ(1) = -γ, ψ′(1) = π²/6, lbeta(1/2, 1/2) = log π', () => {
    tf.tidy(() => {
      expectClose(lgamma([1, 2, 3]).dataSync(), [0, 0, Math.log(2)]);
      expectClose(digamma([1]).dataSync(), [-0.5772156649015329]);
      expectClose(trigamma([1]).dataSync(), [(Math.PI * Math.PI) / 6]);
      expectClose(lbeta(tf.scalar(0.5), tf.scalar(0.5)).dataSync(), [Math.log(Math.PI)]);
      expect(Array.from(lgamma([0]).dataSync())).toEqual([Infinity]);
      expect(Array.from(digamma([0]).dataSync())).toEqual([-Infinity]);
    });
  });

  it('have gradients digamma, trigamma and tetragamma (scipy) that also agree with finite differences', () => {
    tf.tidy(() => {
      const x = tf.tensor1d(xs);
      expectClose(tf.grad((v: tf.Tensor) => tf.sum(lgamma(v)))(x).dataSync(), scipyDigamma);
      expectClose(tf.grad((v: tf.Tensor) => tf.sum(digamma(v)))(x).dataSync(), scipyTrigamma);
      expectClose(tf.grad((v: tf.Tensor) => tf.sum(trigamma(v)))(x).dataSync(), scipyTetragamma, 1e-5);
      const moderate = tf.tensor1d([0.7, 1.9, 4.2, 25]);
      expect(gradientError(lgamma, moderate, 1e-2)).toBeLessThan(1e-3);
      expect(gradientError(digamma, moderate, 1e-2)).toBeLessThan(1e-3);
      expect(gradientError(trigamma, moderate, 1e-2)).toBeLessThan(1e-3);
    });
  });
});
