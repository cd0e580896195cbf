// The options every measure shares, checked once, and the unit conversion of the `base` option.
import { DivergentInputError } from '../errors.js';

/** How the numbers given describe a distribution. */
export type From = 'probs' | 'logits' | 'logprobs' | 'counts';

export const FROM_CHOICES: readonly From[] = ['probs', 'logits', 'logprobs', 'counts'];

export interface MeasureOptions {
  /** Logarithm base of the result: e (default) gives nats, 2 bits, 10 hartleys. */
  base?: number;
  /** The axis along which each distribution lies (default: the last). */
  axis?: number;
  /** What the numbers are (default 'probs'); 'logits' and 'counts' are normalised by definition. */
  from?: From;
  /** Divide probabilities (or exponentiated log-probabilities) by their sum instead of refusing rows that do not sum to 1. */
  normalize?: boolean;
}

export interface CheckedOptions {
  /** ln(base): divide a result in nats by it. */
  lnBase: number;
  axis: number;
  from: From;
  normalize: boolean;
}

export function checkOptions(opts: MeasureOptions | undefined): CheckedOptions {
  const o = opts ?? {};
  const base = o.base ?? Math.E;
  if (typeof base !== 'number' || !(base > 0) || base === 1 || !Number.isFinite(base)) {
    throw new DivergentInputError('base', `${String(base)} is not a valid logarithm base; use a finite positive number other than 1 (e, 2, 10)`);
  }
  const axis = o.axis ?? -1;
  if (!Number.isInteger(axis)) {
    throw new DivergentInputError('axis', `${String(axis)} is not an integer`);
  }
  const from = o.from ?? 'probs';
  if (!FROM_CHOICES.includes(from)) {
    throw new DivergentInputError('from', `${JSON.stringify(from)} is not one of ${FROM_CHOICES.join(', ')}`);
  }
  const normalize = o.normalize ?? false;
  if (typeof normalize !== 'boolean') {
    throw new DivergentInputError('normalize', `${String(normalize)} is not true or false`);
  }
  return { lnBase: base === Math.E ? 1 : Math.log(base), axis, from, normalize };
}

/** The unit of a log-based result in a given base. */
export function unitName(base: number): string {
  if (base === Math.E) return 'nats';
  if (base === 2) return 'bits';
  if (base === 10) return 'hartleys';
  return `log-base-${base} units`;
}
