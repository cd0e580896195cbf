// Shannon entropy H(P) = -Σ p·log p and cross-entropy H(P, Q) = -Σ p·log q = H(P) + KL(P || Q),
// with 0·log 0 = 0 and +Infinity where p > 0 = q.
import * as tf from '@tensorflow/tfjs';
import { isTensor, nonNegative, dispatch, type Input, type Measured } from './dispatch.js';
import { pairLogs, readPair, readTensorPair } from './f-divergence.js';
import { checkRowStats, readDist, shapeResult } from './input.js';
import { kernels } from './kernels.js';
import { checkOptions, type MeasureOptions } from './options.js';
import { inBase, readTensorDist } from './tensor-input.js';

/** H(P) = -Σ p·log p. */
export function entropy<T extends Input>(p: T, opts?: MeasureOptions): Measured<T> {
  const o = checkOptions(opts);
  if (isTensor(p)) {
    return tf.tidy(() => {
      const P = readTensorDist(p, 'p', o);
      // logp is 0 off the support, so p·logp is 0 there with a finite gradient.
      return inBase(tf.maximum(tf.neg(tf.sum(tf.mul(P.p, P.logp), P.axis)), 0), o.lnBase);
    }) as Measured<T>;
  }
  const P = readDist(p, 'p', o, true);
  const out = new Float64Array(P.rows);
  const k = kernels(P.cols);
  for (let r = 0; r < P.rows; r++) {
    const off = r * P.cols;
    let s = 0;
    if (P.logp) {
      for (let i = off; i < off + P.cols; i++) if (P.p[i] > 0) s -= P.p[i] * P.logp[i];
    } else {
      const st = k.xlogx(P.p.subarray(off, off + P.cols));
      checkRowStats(P, 'p', r, st.sumA, st.minA);
      s = -st.value;
    }
    out[r] = nonNegative(s) / o.lnBase;
  }
  return shapeResult(out, P.outShape) as Measured<T>;
}

/** H(P, Q) = -Σ p·log q: the expected code length of P under a code built for Q. */
export function crossEntropy<T extends Input>(p: T, q: Input, opts?: MeasureOptions): Measured<T> {
  const o = checkOptions(opts);
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const [P, Q] = readPair(p, q, o);
      const lq = pairLogs(P, Q)[1];
      const out = new Float64Array(P.rows);
      for (let r = 0; r < P.rows; r++) {
        let s = 0;
        for (let i = r * P.cols; i < (r + 1) * P.cols; i++) {
          // log q is -Infinity where q = 0, giving +Infinity for p > 0 as it should.
          if (P.p[i] > 0) s -= P.p[i] * (lq ? lq[i] : Math.log(Q.p[i]));
        }
        out[r] = nonNegative(s) / o.lnBase;
      }
      return shapeResult(out, P.outShape);
    },
    ([pt, qt]) => {
      const [P, Q] = readTensorPair(pt, qt, o);
      const missing = tf.where(tf.logicalAnd(P.support, tf.logicalNot(Q.support)), Infinity, 0);
      const terms = tf.add(tf.neg(tf.mul(P.p, Q.logp)), missing);
      return inBase(tf.maximum(tf.sum(terms, P.axis), 0), o.lnBase);
    },
  );
}
