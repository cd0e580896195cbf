// The table of closed-form KL divergences, keyed by the pair of classes (as torch.distributions'
// register_kl): a lookup finds every registered (P, Q) with p instanceof P and q instanceof Q,
// and the most specific one wins: nearest P in p's class chain first, then nearest Q.
// Registering a pair twice throws (as TFP's RegisterKL), so two modules cannot silently
// disagree about which formula is used.
import type * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import type { Distribution } from './distribution.js';

export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: any[]) => D;

/** KL(p ‖ q) in nats, of the broadcast batch shape, differentiable in both parameter sets. */
export type KLFn<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (p: P, q: Q) => tf.Tensor;

const table = new Map<DistributionClass, Map<DistributionClass, KLFn>>();
// Lookups by concrete class pair, rebuilt lazily after each registration.
const cache = new Map<DistributionClass, Map<DistributionClass, KLFn | null>>();

/** Adds the closed form KL(P ‖ Q). Throws if the same pair is already registered. */
export function registerKL<P extends Distribution, Q extends Distribution>(
  P: DistributionClass<P>,
  Q: DistributionClass<Q>,
  fn: KLFn<P, Q>,
): void {
  if (typeof P !== 'function' || typeof Q !== 'function' || typeof fn !== 'function') {
    throw new DivergentInputError('registerKL', 'expected (P, Q, fn): two distribution classes and a function (p, q) => tensor');
  }
  let row = table.get(P);
  if (row == null) table.set(P, (row = new Map()));
  if (row.has(Q)) {
    throw new DivergentInputError('registerKL', `KL(${P.name} ‖ ${Q.name}) is already registered; a pair can be registered only once`);
  }
  row.set(Q, fn as KLFn);
  cache.clear();
}

/** Distance from `cls` up its prototype chain to `ancestor` (0 = same class), or -1 if unrelated. */
function depth(cls: DistributionClass, ancestor: DistributionClass): number {
  let d = 0;
  for (let c: unknown = cls; c != null && c !== Function.prototype; c = Object.getPrototypeOf(c), d++) {
    if (c === ancestor) return d;
  }
  return -1;
}

/** The most specific registered KL for the classes of p and q, or null when none applies. */
export function lookupKL(p: Distribution, q: Distribution): KLFn | null {
  const PC = p.constructor as DistributionClass;
  const QC = q.constructor as DistributionClass;
  const hit = cache.get(PC)?.get(QC);
  if (hit !== undefined) return hit;
  let best: { dp: number; dq: number; fn: KLFn } | null = null;
  for (const [P, row] of table) {
    const dp = depth(PC, P);
    if (dp < 0) continue;
    for (const [Q, fn] of row) {
      const dq = depth(QC, Q);
      if (dq < 0) continue;
      if (best == null || dp < best.dp || (dp === best.dp && dq < best.dq)) best = { dp, dq, fn };
    }
  }
  let row = cache.get(PC);
  if (row == null) cache.set(PC, (row = new Map()));
  row.set(QC, best?.fn ?? null);
  return best?.fn ?? null;
}
