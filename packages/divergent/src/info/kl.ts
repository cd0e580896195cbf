// Relative entropy, also called the Kullback–Leibler divergence (they are the same quantity):
//   KL(P || Q) = Σ p·log(p/q)
// computed directly term by term with scipy.special.rel_entr's edge cases (0·log(0/q) = 0;
// p > 0 = q gives +Infinity), never as cross-entropy minus entropy, which cancels when p ≈ q.
import * as tf from '@tensorflow/tfjs';
import { dispatch, nonNegative, type Input, type Measured } from './dispatch.js';
import { F_DIVERGENCES } from './f-divergences.js';
import { fSumRow, fSumTensor, pairLogs, readPair, readTensorPair } from './f-divergence.js';
import { checkRowStats, shapeResult } from './input.js';
import { kernels } from './kernels.js';
import { checkOptions, type MeasureOptions } from './options.js';
import { inBase } from './tensor-input.js';

/** KL(P || Q) = Σ p·log(p/q), the relative entropy of P with respect to Q. */
export function klDivergence<T extends Input>(p: T, q: Input, opts?: MeasureOptions): Measured<T> {
  const o = checkOptions(opts);
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const [P, Q] = readPair(p, q, o, true);
      const [lp, lq] = pairLogs(P, Q);
      const out = new Float64Array(P.rows);
      const k = kernels(P.cols);
      for (let r = 0; r < P.rows; r++) {
        let s: number;
        if (lp) s = fSumRow(P, Q, F_DIVERGENCES.kl, r, lp, lq);
        else {
          const n = P.cols;
          const st = k.relEntr(P.p.subarray(r * n, r * n + n), Q.p.subarray(r * n, r * n + n));
          checkRowStats(P, 'p', r, st.sumA, st.minA);
          checkRowStats(Q, 'q', r, st.sumB, st.minB);
          s = st.value;
        }
        out[r] = nonNegative(s) / o.lnBase;
      }
      return shapeResult(out, P.outShape);
    },
    ([pt, qt]) => {
      const [P, Q] = readTensorPair(pt, qt, o);
      return inBase(tf.maximum(fSumTensor(P, Q, F_DIVERGENCES.kl), 0), o.lnBase);
    },
  );
}
