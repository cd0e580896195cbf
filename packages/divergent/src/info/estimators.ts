// Entropy and mutual information estimated from discrete samples (any labels: numbers or
// strings). The plug-in estimate is the measure of the empirical histogram; it is biased low
// by about (m - 1)/(2N) nats for m occupied bins and N samples, which Miller–Madow
// (Miller 1955) adds back.
import { DivergentInputError } from '../errors.js';
import { nonNegative } from './dispatch.js';
import { checkOptions } from './options.js';

export type Label = number | string;
export type Samples = readonly Label[] | Float32Array | Float64Array | Int32Array;

export type EntropyEstimator = 'plugin' | 'miller-madow';
const ESTIMATORS: readonly EntropyEstimator[] = ['plugin', 'miller-madow'];

export interface FromSamplesOptions {
  /** Logarithm base of the result (default e: nats). */
  base?: number;
}

export interface EntropyFromSamplesOptions extends FromSamplesOptions {
  /** 'plugin' (default) or 'miller-madow'. */
  estimator?: EntropyEstimator;
}

function checkSamples(xs: unknown, name: string): ArrayLike<Label> {
  const ok = Array.isArray(xs) || xs instanceof Float64Array || xs instanceof Float32Array || xs instanceof Int32Array;
  if (!ok) throw new DivergentInputError(name, 'must be an array of labels (numbers or strings)');
  const a = xs as ArrayLike<unknown>;
  if (a.length === 0) throw new DivergentInputError(name, 'is empty; an estimate needs at least one sample');
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!((typeof v === 'number' && v === v) || typeof v === 'string')) {
      throw new DivergentInputError(name, `entry ${i} is ${typeof v === 'number' ? v : typeof v}; labels must be numbers (not NaN) or strings`);
    }
  }
  return a as ArrayLike<Label>;
}

function counts(keys: Iterable<Label>): Map<Label, number> {
  const c = new Map<Label, number>();
  for (const k of keys) c.set(k, (c.get(k) ?? 0) + 1);
  return c;
}

/** The plug-in entropy in nats of a histogram of n samples. */
function pluginNats(c: Map<Label, number>, n: number): number {
  let s = 0;
  for (const k of c.values()) s -= (k / n) * Math.log(k / n);
  return nonNegative(s);
}

/** H(X) estimated from samples of X. */
export function entropyFromSamples(xs: Samples, opts?: EntropyFromSamplesOptions): number {
  const { lnBase } = checkOptions({ base: opts?.base });
  const estimator = opts?.estimator ?? 'plugin';
  if (!ESTIMATORS.includes(estimator)) {
    throw new DivergentInputError('estimator', `${JSON.stringify(estimator)} is not one of ${ESTIMATORS.join(', ')}`);
  }
  const a = checkSamples(xs, 'xs');
  const c = counts(Array.from(a));
  const correction = estimator === 'miller-madow' ? (c.size - 1) / (2 * a.length) : 0;
  return (pluginNats(c, a.length) + correction) / lnBase;
}

/** I(X; Y) estimated by plug-in from paired samples: H(X) + H(Y) - H(X, Y) of the histograms. */
export function mutualInformationFromSamples(xs: Samples, ys: Samples, opts?: FromSamplesOptions): number {
  const { lnBase } = checkOptions({ base: opts?.base });
  const a = checkSamples(xs, 'xs');
  const b = checkSamples(ys, 'ys');
  if (a.length !== b.length) {
    throw new DivergentInputError('ys', `has ${b.length} samples but xs has ${a.length}; samples must be paired`);
  }
  const n = a.length;
  const cx = counts(Array.from(a));
  const cy = counts(Array.from(b));
  // Pairs are keyed through a map of maps so that labels need no string encoding.
  const joint = new Map<Label, Map<Label, number>>();
  for (let i = 0; i < n; i++) {
    let row = joint.get(a[i]);
    if (!row) joint.set(a[i], (row = new Map()));
    row.set(b[i], (row.get(b[i]) ?? 0) + 1);
  }
  // Σ (c_xy/n)·log(c_xy·n / (c_x·c_y)), the direct form of the plug-in estimate.
  let s = 0;
  for (const [x, row] of joint) {
    for (const [y, k] of row) s += (k / n) * Math.log((k * n) / ((cx.get(x) as number) * (cy.get(y) as number)));
  }
  return nonNegative(s) / lnBase;
}
