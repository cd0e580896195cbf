// kl(p, q): the KL divergence KL(p ‖ q) = E_p[log p(x) - log q(x)] in nats.
// Without options it uses the registered closed form (kl-registry.ts); with { mcSamples } it
// always estimates by Monte Carlo and reports the standard error of the estimate, so a pair
// with no closed form (a Gaussian against a mixture prior) or a closed form under suspicion
// gets a number with an error bar.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { checkOptions } from '../info/options.js';
import { Distribution, sumRightmost } from './distribution.js';
import { Independent } from './independent.js';
import { lookupKL, registerKL } from './kl-registry.js';
import { broadcastShapes } from './params.js';
import './kl-closed-forms.js';

export interface KLOptions {
  /** Logarithm base of the result: e (default) gives nats, 2 bits, 10 hartleys. */
  base?: number;
}

export interface KLMonteCarloOptions extends KLOptions {
  /** Number of draws from p (at least 2, so that a standard error exists). */
  mcSamples: number;
  /** Seed for the draws. */
  seed?: number;
}

export interface KLEstimate {
  /** Mean of log p(x) - log q(x) over x ~ p, of the batch shape. Differentiable through rsample when p has one. */
  value: tf.Tensor;
  /** Standard error of `value` (sample standard deviation / √n), of the batch shape; 0 where value is +∞. */
  stdError: tf.Tensor;
}

export function kl(p: Distribution, q: Distribution, options?: KLOptions & { mcSamples?: undefined }): tf.Tensor;
export function kl(p: Distribution, q: Distribution, options: KLMonteCarloOptions): KLEstimate;
export function kl(p: Distribution, q: Distribution, options: KLOptions & { mcSamples?: number; seed?: number } = {}): tf.Tensor | KLEstimate {
  const batch = checkPair(p, q);
  const { lnBase } = checkOptions({ base: options.base });
  if (options.mcSamples !== undefined) return monteCarloKL(p, q, batch, options as KLMonteCarloOptions, lnBase);
  const fn = lookupKL(p, q);
  if (fn == null) {
    const P = p.constructor.name;
    const Q = q.constructor.name;
    throw new DivergentInputError(
      'kl',
      `no closed form is registered for KL(${P} ‖ ${Q}). Estimate it by Monte Carlo with kl(p, q, { mcSamples: 1000, seed: 0 }) ` +
        `(returns { value, stdError }), or add one with registerKL(${P}, ${Q}, (p, q) => ...)`,
    );
  }
  return tf.tidy(() => {
    let out = fn(p, q);
    if (out.shape.length !== batch.length || out.shape.some((n, i) => n !== batch[i])) out = tf.broadcastTo(out, batch);
    return lnBase === 1 ? out : tf.div(out, lnBase);
  });
}

/** Both must be distributions over the same event shape with broadcastable batch shapes; returns the batch shape. */
function checkPair(p: Distribution, q: Distribution): number[] {
  if (!(p instanceof Distribution)) throw new DivergentInputError('p', 'expected a Distribution');
  if (!(q instanceof Distribution)) throw new DivergentInputError('q', 'expected a Distribution');
  const ep = p.eventShape;
  const eq = q.eventShape;
  if (ep.length !== eq.length || ep.some((n, i) => n !== eq[i])) {
    throw new DivergentInputError('q', `event shapes differ: p (${p.constructor.name}) has [${ep}], q (${q.constructor.name}) has [${eq}]`);
  }
  return broadcastShapes(['p batchShape', 'q batchShape'], [p.batchShape, q.batchShape]);
}

function monteCarloKL(p: Distribution, q: Distribution, batch: number[], options: KLMonteCarloOptions, lnBase: number): KLEstimate {
  const n = options.mcSamples;
  if (!Number.isInteger(n) || n < 2) {
    throw new DivergentInputError('mcSamples', `${n} is invalid; it must be an integer >= 2`);
  }
  return tf.tidy(() => {
    const x = p.hasRsample ? p.rsample([n], { seed: options.seed }) : p.sample([n], { seed: options.seed });
    let d = tf.broadcastTo(tf.sub(p.logProb(x), q.logProb(x)), [n, ...batch]);
    if (lnBase !== 1) d = tf.div(d, lnBase);
    const value = tf.mean(d, 0);
    const spread = tf.sum(tf.square(tf.sub(d, value)), 0);
    const se = tf.sqrt(tf.div(spread, n * (n - 1)));
    // A draw where q has zero density makes the KL exactly +∞: no uncertainty left.
    const stdError = tf.where(tf.equal(value, Infinity), tf.zerosLike(se), se);
    return { value, stdError };
  });
}

export { registerKL };

// Independent-Independent lives here (not with the other closed forms) because it recurses into kl().
registerKL(Independent, Independent, (p: Independent, q: Independent) => {
  if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims) {
    throw new DivergentInputError(
      'q',
      `KL(Independent ‖ Independent) needs the same reinterpretedBatchNdims on both sides (p: ${p.reinterpretedBatchNdims}, q: ${q.reinterpretedBatchNdims})`,
    );
  }
  return sumRightmost(kl(p.base, q.base), p.reinterpretedBatchNdims);
});
