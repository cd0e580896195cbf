// The Rényi divergence of order alpha (Rényi 1961):
//   D_α(P || Q) = log(Σ p^α q^(1-α) / Σ p) / (α - 1)
// (Σ p = 1 for a distribution; dividing by it, as Rényi did for incomplete distributions, keeps
// the limit α -> 1 continuous for rows that sum to 1 only within tolerance), with the limits
// D_0 = -log Σ_{p>0} q, D_1 = KL(P || Q) and D_∞ = log max_{p>0} p/q. Non-decreasing in α.
//
// Near α = 1 the sum is written Σ p·exp((α-1)·log(p/q)) = Σ p + Σ p·expm1((α-1)·log(p/q)) and
// the logarithm taken with log1p, which removes the 0/0; far from 1 it is a log-sum-exp, which
// cannot overflow.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { dispatch, nonNegative, type Input, type Measured } from './dispatch.js';
import { F_DIVERGENCES } from './f-divergences.js';
import { fSumRow, fSumTensor, readPair, readTensorPair } from './f-divergence.js';
import { logsOf, shapeResult, type Dist } from './input.js';
import { checkOptions, type MeasureOptions } from './options.js';
import type { TensorDist } from './tensor-input.js';
import { inBase } from './tensor-input.js';

function checkAlpha(alpha: number): void {
  if (typeof alpha !== 'number' || !(alpha >= 0)) {
    throw new DivergentInputError('alpha', `${String(alpha)} is not a valid order; alpha must be in [0, Infinity]`);
  }
}

function renyiRow(P: Dist, Q: Dist, lp: Float64Array, lq: Float64Array, r: number, alpha: number): number {
  const off = r * P.cols;
  const end = off + P.cols;
  if (alpha === 1) return fSumRow(P, Q, F_DIVERGENCES.kl, r, lp, lq);
  if (alpha === Infinity) {
    let m = -Infinity;
    for (let i = off; i < end; i++) if (lp[i] > -Infinity) m = Math.max(m, lp[i] - lq[i]);
    return m;
  }
  if (alpha === 0) {
    let s = 0;
    for (let i = off; i < end; i++) if (lp[i] > -Infinity) s += Q.p[i];
    return -Math.log(s);
  }
  const e = alpha - 1;
  let sumP = 0;
  let maxAbs = 0;
  for (let i = off; i < end; i++) {
    sumP += P.p[i];
    if (lp[i] === -Infinity) continue;
    // p > 0 = q: q^(1-α) is +Infinity for α > 1, and the term vanishes for α < 1.
    if (lq[i] === -Infinity) {
      if (e > 0) return Infinity;
    } else maxAbs = Math.max(maxAbs, Math.abs(e * (lp[i] - lq[i])));
  }
  if (maxAbs <= 1) {
    let t = 0;
    for (let i = off; i < end; i++) {
      if (lp[i] === -Infinity) continue;
      t += lq[i] === -Infinity ? -P.p[i] : P.p[i] * Math.expm1(e * (lp[i] - lq[i]));
    }
    return Math.log1p(t / sumP) / e;
  }
  let m = -Infinity;
  for (let i = off; i < end; i++) if (lp[i] > -Infinity && lq[i] > -Infinity) m = Math.max(m, lp[i] + e * (lp[i] - lq[i]));
  if (m === -Infinity) return Infinity;
  let s = 0;
  for (let i = off; i < end; i++) if (lp[i] > -Infinity && lq[i] > -Infinity) s += Math.exp(lp[i] + e * (lp[i] - lq[i]) - m);
  return (m + Math.log(s) - Math.log(sumP)) / e;
}

function renyiTensor(P: TensorDist, Q: TensorDist, alpha: number): tf.Tensor {
  const ax = P.axis;
  if (alpha === 1) return fSumTensor(P, Q, F_DIVERGENCES.kl);
  const both = tf.logicalAnd(P.support, Q.support);
  const onlyP = tf.logicalAnd(P.support, tf.logicalNot(Q.support));
  const lr = tf.where(both, tf.sub(P.logp, Q.logp), 0);
  if (alpha === Infinity) return tf.max(tf.where(both, lr, tf.where(onlyP, Infinity, -Infinity)), ax);
  if (alpha === 0) return tf.neg(tf.log(tf.sum(tf.where(P.support, Q.p, 0), ax)));
  const e = alpha - 1;
  const sumP = tf.sum(P.p, ax);
  // p > 0 = q anywhere in a row makes D_α infinite for α > 1.
  const infinite = e > 0 ? tf.where(tf.any(onlyP, ax), Infinity, 0) : tf.zerosLike(sumP);
  let d: tf.Tensor;
  if (Math.abs(e) <= 0.5) {
    const t = tf.sum(tf.where(both, tf.mul(P.p, tf.expm1(tf.mul(lr, e))), tf.where(onlyP, tf.neg(P.p), 0)), ax);
    d = tf.div(tf.log1p(tf.div(t, sumP)), e);
  } else {
    const z = tf.where(both, tf.add(P.logp, tf.mul(lr, e)), -Infinity);
    const m = tf.max(z, ax, true);
    const shift = tf.where(tf.isFinite(m), m, 0);
    const logS = tf.add(tf.squeeze(shift, [ax]), tf.log(tf.sum(tf.exp(tf.sub(z, shift)), ax)));
    d = tf.div(tf.sub(logS, tf.log(sumP)), e);
  }
  return tf.add(d, infinite);
}

/** D_α(P || Q) for alpha in [0, Infinity]; alpha = 1 is KL(P || Q). */
export function renyiDivergence<T extends Input>(p: T, q: Input, alpha: number, opts?: MeasureOptions): Measured<T> {
  checkAlpha(alpha);
  const o = checkOptions(opts);
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const [P, Q] = readPair(p, q, o);
      const lp = logsOf(P);
      const lq = logsOf(Q);
      const out = new Float64Array(P.rows);
      for (let r = 0; r < P.rows; r++) out[r] = nonNegative(renyiRow(P, Q, lp, lq, r, alpha)) / o.lnBase;
      return shapeResult(out, P.outShape);
    },
    ([pt, qt]) => {
      const [P, Q] = readTensorPair(pt, qt, o);
      return inBase(tf.maximum(renyiTensor(P, Q, alpha), 0), o.lnBase);
    },
  );
}
