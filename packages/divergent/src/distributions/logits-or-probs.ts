// The {logits} | {probs} parameterisation shared by Bernoulli, Categorical and
// ContinuousBernoulli. Computation stays in logit space (log-sigmoid, log-softmax) so that
// probabilities near 0 or 1 never underflow; probs are converted once, exactly
// (logit(0) = -∞ is kept, not clipped).
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { check, type Owned, type Param } from './params.js';

export type LogitsOrProbs = { logits: Param; probs?: undefined } | { probs: Param; logits?: undefined };

/** Which of the two the user gave (kept so that `probs` returns their own tensor's values). */
export interface Parameterised {
  logits: tf.Tensor;
  probs: tf.Tensor | null;
}

function exactlyOne(name: string, p: LogitsOrProbs | undefined): void {
  const given = p == null ? 0 : (p.logits !== undefined ? 1 : 0) + (p.probs !== undefined ? 1 : 0);
  if (given !== 1) {
    throw new DivergentInputError(name, `pass exactly one of { logits } or { probs } (got ${given === 0 ? 'neither' : 'both'})`);
  }
}

/** Two-outcome parameter: logit(p) = log p - log(1 - p). */
export function binaryParams(name: string, p: LogitsOrProbs, owned: Owned, validate: boolean): Parameterised {
  exactlyOne(name, p);
  if (p.logits !== undefined) {
    const logits = owned.param('logits', p.logits);
    if (validate) check('logits', logits, 'logits must not be NaN', (v) => !Number.isNaN(v));
    return { logits, probs: null };
  }
  const probs = owned.param('probs', p.probs);
  if (validate) check('probs', probs, 'probs must lie in [0, 1]', (v) => v >= 0 && v <= 1);
  const logits = owned.keep(tf.tidy(() => tf.sub(tf.log(probs), tf.log1p(tf.neg(probs)))));
  return { logits, probs };
}

/** K-outcome parameter along the last axis; logits are kept as given (softmax is shift-invariant). */
export function categoricalParams(name: string, p: LogitsOrProbs, owned: Owned, validate: boolean): Parameterised {
  exactlyOne(name, p);
  if (p.logits !== undefined) {
    const logits = owned.param('logits', p.logits);
    if (logits.rank < 1 || logits.shape[logits.rank - 1] < 1) {
      throw new DivergentInputError('logits', `expected at least one category along the last axis, got shape [${logits.shape}]`);
    }
    if (validate) check('logits', logits, 'logits must be finite or -Infinity', (v) => !Number.isNaN(v) && v !== Infinity);
    return { logits, probs: null };
  }
  const probs = owned.param('probs', p.probs);
  if (probs.rank < 1 || probs.shape[probs.rank - 1] < 1) {
    throw new DivergentInputError('probs', `expected at least one category along the last axis, got shape [${probs.shape}]`);
  }
  if (validate) {
    check('probs', probs, 'probs must lie in [0, 1]', (v) => v >= 0 && v <= 1);
    checkRowsSumToOne(probs);
  }
  const logits = owned.keep(tf.tidy(() => tf.log(probs)));
  return { logits, probs };
}

/** Rows of a probability table must sum to 1 (to float32 accuracy); never renormalised silently. */
function checkRowsSumToOne(probs: tf.Tensor): void {
  const k = probs.shape[probs.rank - 1];
  const sums = tf.tidy(() => tf.sum(probs, -1));
  const tol = 1e-5 * Math.max(1, Math.sqrt(k));
  try {
    check('probs', sums, `each row of probs must sum to 1 (within ${tol.toExponential(1)}); the index shown is the row`, (v) => Math.abs(v - 1) <= tol);
  } finally {
    sums.dispose();
  }
}
