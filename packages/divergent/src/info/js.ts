// The Jensen–Shannon divergence JS(P, Q) = ½ KL(P || M) + ½ KL(Q || M), M = ½(P + Q): symmetric,
// finite even for disjoint supports, at most ln 2 nats; its square root is a metric.
// The weighted n-way form is Σ w_i KL(P_i || M) with M = Σ w_i P_i, at most H(w).
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { dispatch, nonNegative, type Input, type Measured } from './dispatch.js';
import { F_DIVERGENCES } from './f-divergences.js';
import { fSumRow, fSumTensor, pairLogs, readPair, readTensorPair } from './f-divergence.js';
import { checkRowStats, checkSameShape, logsOf, readDist, shapeResult, type Dist } from './input.js';
import { kernels } from './kernels.js';
import { checkOptions, type CheckedOptions, type MeasureOptions } from './options.js';
import { checkSameTensorShape, inBase, readTensorDist } from './tensor-input.js';

/** JS in nats per row, clamped to [0, ln 2] against round-off. */
function jsNats(p: unknown, q: unknown, o: CheckedOptions): { P: Dist; nats: Float64Array } {
  const [P, Q] = readPair(p, q, o, true);
  const [lp, lq] = pairLogs(P, Q);
  const nats = new Float64Array(P.rows);
  const k = kernels(P.cols);
  for (let r = 0; r < P.rows; r++) {
    let s: number;
    if (lp) s = fSumRow(P, Q, F_DIVERGENCES.js, r, lp, lq);
    else {
      const n = P.cols;
      const st = k.jsTerms(P.p.subarray(r * n, r * n + n), Q.p.subarray(r * n, r * n + n));
      checkRowStats(P, 'p', r, st.sumA, st.minA);
      checkRowStats(Q, 'q', r, st.sumB, st.minB);
      s = 0.5 * st.value;
    }
    nats[r] = Math.min(nonNegative(s), Math.LN2);
  }
  return { P, nats };
}

function jsTensorNats(pt: tf.Tensor, qt: tf.Tensor, o: CheckedOptions): tf.Tensor {
  const [P, Q] = readTensorPair(pt, qt, o);
  return tf.clipByValue(fSumTensor(P, Q, F_DIVERGENCES.js), 0, Math.LN2);
}

/** JS(P, Q) = ½ KL(P || M) + ½ KL(Q || M) with M = ½(P + Q); at most ln 2 nats (1 bit). */
export function jsDivergence<T extends Input>(p: T, q: Input, opts?: MeasureOptions): Measured<T> {
  const o = checkOptions(opts);
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const { P, nats } = jsNats(p, q, o);
      return shapeResult(nats.map((v) => v / o.lnBase), P.outShape);
    },
    ([pt, qt]) => inBase(jsTensorNats(pt, qt, o), o.lnBase),
  );
}

/**
 * The Jensen–Shannon distance √JS(P, Q) (a metric), as scipy.spatial.distance.jensenshannon:
 * the square root of the divergence measured in the given base. Never NaN: the divergence is
 * clamped at 0 first.
 */
export function jsDistance<T extends Input>(p: T, q: Input, opts?: MeasureOptions): Measured<T> {
  const o = checkOptions(opts);
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const { P, nats } = jsNats(p, q, o);
      return shapeResult(nats.map((v) => Math.sqrt(v / o.lnBase)), P.outShape);
    },
    // The derivative of √x is infinite at 0; a tiny floor keeps the gradient finite where P = Q.
    ([pt, qt]) => tf.sqrt(tf.maximum(inBase(jsTensorNats(pt, qt, o), o.lnBase), 1e-30)),
  );
}

export interface GeneralizedJsOptions extends MeasureOptions {
  /** One weight per distribution, non-negative, summing to 1 (default: all equal). */
  weights?: number[];
}

function checkWeights(weights: number[] | undefined, n: number): number[] {
  if (weights === undefined) return new Array<number>(n).fill(1 / n);
  if (!Array.isArray(weights) || weights.length !== n) {
    throw new DivergentInputError('weights', `has ${Array.isArray(weights) ? weights.length : 'no'} entries for ${n} distributions; give one weight per distribution`);
  }
  let sum = 0;
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !(w >= 0) || w === Infinity) {
      throw new DivergentInputError('weights', `entry ${i} is ${String(w)}; weights must be finite and >= 0`);
    }
    sum += w;
  });
  if (!(Math.abs(sum - 1) <= 1e-6)) {
    throw new DivergentInputError('weights', `sum to ${sum}, not 1 (tolerance 1e-6)`);
  }
  return weights;
}

/** H(w) in nats, the largest value the weighted JS divergence can take. */
function weightEntropy(w: number[]): number {
  return -w.reduce((s, x) => (x > 0 ? s + x * Math.log(x) : s), 0);
}

/**
 * The weighted Jensen–Shannon divergence of n distributions, Σ_i w_i KL(P_i || M) with
 * M = Σ_i w_i P_i (Lin 1991); equal to jsDivergence for two with equal weights.
 */
export function generalizedJsDivergence<T extends Input>(ps: readonly T[], opts?: GeneralizedJsOptions): Measured<T> {
  if (!Array.isArray(ps) || ps.length === 0) {
    throw new DivergentInputError('ps', 'must be a non-empty array of distributions');
  }
  const o = checkOptions(opts);
  const w = checkWeights(opts?.weights, ps.length);
  const cap = weightEntropy(w);
  const name = (i: number) => `ps[${i}]`;
  return dispatch<Measured<T>>(
    [...ps],
    () => {
      const D = ps.map((p, i) => readDist(p, name(i), o));
      D.forEach((d, i) => checkSameShape(D[0], name(0), d, name(i)));
      const logs = D.map(logsOf);
      const { rows, cols } = D[0];
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let k = r * cols; k < (r + 1) * cols; k++) {
          let m = 0;
          for (let i = 0; i < D.length; i++) m += w[i] * D[i].p[k];
          // Where p_i > 0 with w_i > 0, m >= w_i·p_i > 0, so log m is finite.
          const logM = Math.log(m);
          for (let i = 0; i < D.length; i++) if (w[i] > 0 && D[i].p[k] > 0) s += w[i] * D[i].p[k] * (logs[i][k] - logM);
        }
        out[r] = Math.min(nonNegative(s), cap) / o.lnBase;
      }
      return shapeResult(out, D[0].outShape);
    },
    (ts) => {
      ts.forEach((t, i) => checkSameTensorShape(ts[0], name(0), t, name(i)));
      const D = ts.map((t, i) => readTensorDist(t, name(i), o));
      const m = tf.addN(D.map((d, i) => tf.mul(d.p, w[i])));
      // m > 0 wherever some distribution with positive weight has support.
      const inM = D.map((d, i) => (w[i] > 0 ? d.support : tf.zerosLike(d.support))).reduce((a, b) => tf.logicalOr(a, b));
      const logM = tf.log(tf.where(inM, m, 1));
      const terms = tf.addN(D.map((d, i) => tf.mul(tf.mul(d.p, tf.sub(d.logp, logM)), w[i])));
      return inBase(tf.clipByValue(tf.sum(terms, D[0].axis), 0, cap), o.lnBase);
    },
  );
}
