// fDivergence, and the term-by-term sum Σ q·f(p/q) with the limits of f at the edges of the
// support, which KL and JS also use whenever their input is in log space.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { dispatch, nonNegative, type Input, type Measured } from './dispatch.js';
import { fGenerator, type FChoice, type FGenerator } from './f-divergences.js';
import { checkSameShape, logsOf, readDist, shapeResult, type Dist } from './input.js';
import { checkOptions, type CheckedOptions, type MeasureOptions } from './options.js';
import { checkSameTensorShape, inBase, readTensorDist, type TensorDist } from './tensor-input.js';

/** A limit term: weight·limit, with a zero weight contributing 0 even for an infinite limit. */
function limitTerm(weight: number, limit: number): number {
  return weight === 0 ? 0 : weight * limit;
}

/**
 * Σ_k q·f(p/q) over row r. The support is read from the exact logarithms when either side came
 * in log space (so that probabilities which underflow still count), and log(p/q) is then their
 * difference, exact even where p/q overflows.
 */
export function fSumRow(P: Dist, Q: Dist, g: FGenerator, r: number, lp: Float64Array | null, lq: Float64Array | null): number {
  let s = 0;
  const off = r * P.cols;
  for (let i = off; i < off + P.cols; i++) {
    const p = P.p[i];
    const q = Q.p[i];
    const inP = lp ? lp[i] > -Infinity : p > 0;
    const inQ = lq ? lq[i] > -Infinity : q > 0;
    if (inP && inQ) s += g.term(p, q, lp && lq ? lp[i] - lq[i] : Math.log(p / q));
    else if (inP) s += limitTerm(p, g.slopeAtInfinity);
    else if (inQ) s += limitTerm(q, g.atZero);
  }
  return s;
}

/** The logarithms to use for a pair: both exact ones when either side came in log space. */
export function pairLogs(P: Dist, Q: Dist): [Float64Array | null, Float64Array | null] {
  return P.logp || Q.logp ? [logsOf(P), logsOf(Q)] : [null, null];
}

/** Reads p and q as arrays, q's shape checked against p's. */
export function readPair(p: unknown, q: unknown, o: CheckedOptions, deferCheck = false): [Dist, Dist] {
  const P = readDist(p, 'p', o, deferCheck);
  const Q = readDist(q, 'q', o, deferCheck);
  checkSameShape(P, 'p', Q, 'q');
  return [P, Q];
}

/** Reads p and q as tensors (inside tf.tidy), q's shape checked against p's. */
export function readTensorPair(p: tf.Tensor, q: tf.Tensor, o: CheckedOptions): [TensorDist, TensorDist] {
  checkSameTensorShape(p, 'p', q, 'q');
  return [readTensorDist(p, 'p', o), readTensorDist(q, 'q', o)];
}

/** Σ q·f(p/q) along the distribution axis, differentiable; call inside tf.tidy. */
export function fSumTensor(P: TensorDist, Q: TensorDist, g: FGenerator): tf.Tensor {
  const both = tf.logicalAnd(P.support, Q.support);
  const onlyP = tf.logicalAnd(P.support, tf.logicalNot(Q.support));
  const onlyQ = tf.logicalAnd(tf.logicalNot(P.support), Q.support);
  // Terms outside `both` are computed on harmless stand-ins so that their (discarded) values
  // and gradients stay finite.
  const core = g.termTensor(tf.where(both, P.p, 1), tf.where(both, Q.p, 1), tf.where(both, tf.sub(P.logp, Q.logp), 0));
  const limit = (mask: tf.Tensor, weight: tf.Tensor, value: number) =>
    Number.isFinite(value) ? tf.where(mask, tf.mul(weight, value), 0) : tf.where(mask, value, 0);
  const terms = tf.addN([tf.where(both, core, 0), limit(onlyP, P.p, g.slopeAtInfinity), limit(onlyQ, Q.p, g.atZero)]);
  return tf.sum(terms, P.axis);
}

// The named divergences whose values are in log units, so that `base` applies to them.
const LOG_UNIT_NAMES = new Set(['kl', 'reverse-kl', 'js', 'jeffreys']);

function inLogUnits(f: FChoice): boolean {
  return typeof f === 'string' ? LOG_UNIT_NAMES.has(f) : f.alpha === 0 || f.alpha === 1;
}

/**
 * D_f(P || Q) = Σ q·f(p/q) for one of the named f (see F_DIVERGENCES) or the alpha family
 * {alpha: a}. Terms at the edge of the support take the limits of f: p·lim f(u)/u where
 * q = 0 < p, q·f(0+) where p = 0 < q.
 */
export function fDivergence<T extends Input>(p: T, q: Input, f: FChoice, opts?: MeasureOptions): Measured<T> {
  const g = fGenerator(f);
  const o = checkOptions(opts);
  if (o.lnBase !== 1 && !inLogUnits(f)) {
    throw new DivergentInputError('base', `${JSON.stringify(f)} is not measured in log units, so a base does not apply; leave base out`);
  }
  return dispatch<Measured<T>>(
    [p, q],
    () => {
      const [P, Q] = readPair(p, q, o);
      const [lp, lq] = pairLogs(P, Q);
      const out = new Float64Array(P.rows);
      for (let r = 0; r < P.rows; r++) out[r] = nonNegative(fSumRow(P, Q, g, r, lp, lq)) / o.lnBase;
      return shapeResult(out, P.outShape);
    },
    ([pt, qt]) => {
      const [P, Q] = readTensorPair(pt, qt, o);
      return inBase(tf.maximum(fSumTensor(P, Q, g), 0), o.lnBase);
    },
  );
}
