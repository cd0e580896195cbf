// The f-divergences as one table, shared by `fDivergence` and by f-GAN training so the two
// cannot disagree.
//
//   D_f(P || Q) = Σ_i q_i · f(p_i / q_i),   f convex, f(1) = 0   (Csiszár 1967; Ali and Silvey 1966)
//
// Terms where a probability is zero take the limits of the definition:
//   p = 0 < q  ->  q · f(0+)                       (`atZero`)
//   q = 0 < p  ->  p · lim_{u->∞} f(u)/u           (`slopeAtInfinity`)
//   p = q = 0  ->  0
//
// f-GAN (Nowozin, Cseke and Tomioka 2016, Table 2) trains a critic V through an output
// activation g_f into the domain of the convex conjugate f*(t) = sup_u [t·u - f(u)], maximising
//   E_P[g_f(V(x))] - E_Q[f*(g_f(V(x)))]  <=  D_f(P || Q)
// with equality at the optimal critic T*(x) = f'(p(x)/q(x)). Some of the paper's generators are
// scaled or shifted versions of ours; each objective states `scale` and `offset` so that its
// bound at the optimum equals scale · fDivergence(p, q, divergence) + offset.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { expm1Ratio, softplus, xlogx } from './special.js';

/** A function that works elementwise on a number or on a tensor (returning a new tensor). */
export interface Elementwise {
  (x: number): number;
  (x: tf.Tensor): tf.Tensor;
}

function elementwise(onNumber: (x: number) => number, onTensor: (x: tf.Tensor) => tf.Tensor): Elementwise {
  return ((x: number | tf.Tensor) =>
    typeof x === 'number' ? onNumber(x) : tf.tidy(() => onTensor(x))) as Elementwise;
}

/**
 * One f-divergence. `term` and `termTensor` compute q·f(p/q) for p, q > 0 given also
 * logRatio = log(p/q) (exact even where p/q would overflow, e.g. from logits), written per
 * divergence so that each stays accurate and is exactly 0 at p = q.
 */
export interface FGenerator {
  /** f(u), convex with f(1) = 0, where u = p/q. */
  f(u: number): number;
  /** lim_{u->0+} f(u): a term with p = 0 < q is q·atZero. */
  atZero: number;
  /** lim_{u->∞} f(u)/u: a term with q = 0 < p is p·slopeAtInfinity. */
  slopeAtInfinity: number;
  term(p: number, q: number, logRatio: number): number;
  termTensor(p: tf.Tensor, q: tf.Tensor, logRatio: tf.Tensor): tf.Tensor;
}

/** The named choices of f for `fDivergence`; `{alpha}` selects the alpha family. */
export type FDivergenceName =
  | 'kl'
  | 'reverse-kl'
  | 'js'
  | 'pearson'
  | 'neyman'
  | 'squared-hellinger'
  | 'total-variation'
  | 'jeffreys';

export type FChoice = FDivergenceName | { alpha: number };

const LN2 = Math.LN2;

export const F_DIVERGENCES: Readonly<Record<FDivergenceName, FGenerator>> = {
  // u log u: KL(P || Q).
  kl: {
    f: xlogx,
    atZero: 0,
    slopeAtInfinity: Infinity,
    term: (p, _q, lr) => p * lr,
    termTensor: (p, _q, lr) => tf.mul(p, lr),
  },
  // -log u: KL(Q || P).
  'reverse-kl': {
    f: (u) => -Math.log(u),
    atZero: Infinity,
    slopeAtInfinity: 0,
    term: (_p, q, lr) => -q * lr,
    termTensor: (_p, q, lr) => tf.neg(tf.mul(q, lr)),
  },
  // ½[u log u - (u+1) log((u+1)/2)]: the Jensen–Shannon divergence itself (<= ln 2).
  // With L = log(p/q): log(2p/(p+q)) = ln2 - softplus(-L) and log(2q/(p+q)) = ln2 - softplus(L).
  js: {
    f: (u) => 0.5 * (xlogx(u) - (u + 1) * Math.log((u + 1) / 2)),
    atZero: 0.5 * LN2,
    slopeAtInfinity: 0.5 * LN2,
    term: (p, q, lr) => 0.5 * (p * (LN2 - softplus(-lr)) + q * (LN2 - softplus(lr))),
    termTensor: (p, q, lr) =>
      tf.mul(
        0.5,
        tf.add(tf.mul(p, tf.sub(LN2, tf.softplus(tf.neg(lr)))), tf.mul(q, tf.sub(LN2, tf.softplus(lr)))),
      ),
  },
  // (u-1)²: Pearson χ², Σ (p-q)²/q.
  pearson: {
    f: (u) => (u - 1) ** 2,
    atZero: 1,
    slopeAtInfinity: Infinity,
    term: (p, q) => (p - q) ** 2 / q,
    termTensor: (p, q) => tf.div(tf.square(tf.sub(p, q)), q),
  },
  // (1-u)²/u: Neyman χ², Σ (p-q)²/p.
  neyman: {
    f: (u) => (1 - u) ** 2 / u,
    atZero: Infinity,
    slopeAtInfinity: 1,
    term: (p, q) => (p - q) ** 2 / p,
    termTensor: (p, q) => tf.div(tf.square(tf.sub(p, q)), p),
  },
  // (√u - 1)²: Σ (√p - √q)², twice the ½-convention squared Hellinger distance H².
  'squared-hellinger': {
    f: (u) => (Math.sqrt(u) - 1) ** 2,
    atZero: 1,
    slopeAtInfinity: 1,
    term: (p, q) => (Math.sqrt(p) - Math.sqrt(q)) ** 2,
    termTensor: (p, q) => tf.square(tf.sub(tf.sqrt(p), tf.sqrt(q))),
  },
  // ½|u - 1|: total variation distance ½ Σ |p - q|.
  'total-variation': {
    f: (u) => 0.5 * Math.abs(u - 1),
    atZero: 0.5,
    slopeAtInfinity: 0.5,
    term: (p, q) => 0.5 * Math.abs(p - q),
    termTensor: (p, q) => tf.mul(0.5, tf.abs(tf.sub(p, q))),
  },
  // (u-1) log u: Jeffreys, KL(P || Q) + KL(Q || P).
  jeffreys: {
    f: (u) => (u - 1) * Math.log(u),
    atZero: Infinity,
    slopeAtInfinity: Infinity,
    term: (p, q, lr) => (p - q) * lr,
    termTensor: (p, q, lr) => tf.mul(tf.sub(p, q), lr),
  },
};

export const F_DIVERGENCE_NAMES = Object.keys(F_DIVERGENCES) as FDivergenceName[];

/**
 * The alpha family f(u) = (u^a - 1 - a(u-1)) / (a(a-1)) (Amari; Cichocki and Amari 2010),
 * which tends to KL as a -> 1 and to reverse KL as a -> 0. Evaluated through
 * expm1((a-1)·log u)/(a-1) near a = 1 and expm1(a·log u)/a near a = 0, so it is exact at both
 * ends and has no 0/0 in between.
 */
export function alphaGenerator(a: number): FGenerator {
  if (!Number.isFinite(a)) {
    throw new DivergentInputError('f', `alpha is ${a}; it must be a finite number`);
  }
  const nearOne = a > 0.5;
  const term = (p: number, q: number, lr: number) =>
    nearOne ? (p * expm1Ratio(a - 1, lr) - (p - q)) / a : (q * expm1Ratio(a, lr) - (p - q)) / (a - 1);
  const expm1RatioTensor = (x: number, t: tf.Tensor) => (x === 0 ? t : tf.div(tf.expm1(tf.mul(t, x)), x));
  return {
    f: (u) => (u === 0 ? (a > 0 ? 1 / a : Infinity) : term(u, 1, Math.log(u))),
    atZero: a > 0 ? 1 / a : Infinity,
    slopeAtInfinity: a < 1 ? 1 / (1 - a) : Infinity,
    term,
    termTensor: (p, q, lr) =>
      nearOne
        ? tf.div(tf.sub(tf.mul(p, expm1RatioTensor(a - 1, lr)), tf.sub(p, q)), a)
        : tf.div(tf.sub(tf.mul(q, expm1RatioTensor(a, lr)), tf.sub(p, q)), a - 1),
  };
}

/** The generator for a choice of f, or a DivergentInputError listing the valid choices. */
export function fGenerator(f: FChoice): FGenerator {
  if (typeof f === 'object' && f !== null && 'alpha' in f) return alphaGenerator(f.alpha);
  if (typeof f === 'string' && Object.hasOwn(F_DIVERGENCES, f)) return F_DIVERGENCES[f];
  throw new DivergentInputError(
    'f',
    `unknown f-divergence ${JSON.stringify(f)}; valid: ${F_DIVERGENCE_NAMES.join(', ')}, or {alpha: number}`,
  );
}

/** The divergences an f-GAN can be trained with ('gan' is the original GAN's objective). */
export type FGanDivergence = 'kl' | 'reverse-kl' | 'js' | 'pearson' | 'squared-hellinger' | 'gan';

export interface FGanObjective {
  name: FGanDivergence;
  /** The paper's generator f(u) = scale·f_ours(u) + (offset/2)·(u + 1). */
  f(u: number): number;
  /** f'(u): the optimal critic is T*(x) = f'(p(x)/q(x)), where Fenchel–Young holds with equality. */
  fPrime(u: number): number;
  /** The convex conjugate f*(t); +Infinity (numbers) outside its domain. */
  conjugate: Elementwise;
  /** dom f* as an open interval (lower, upper); g_f maps all of R into it. */
  conjugateDomain: readonly [number, number];
  /** The output activation g_f(v) applied to the critic's raw output v. */
  activation: Elementwise;
  /** f*(g_f(v)) in a closed form that stays finite wherever the composition is finite. */
  conjugateOfActivation: Elementwise;
  /** The bound at the optimal critic is scale·fDivergence(p, q, divergence) + offset. */
  divergence: FDivergenceName;
  scale: number;
  offset: number;
}

type ObjectiveSpec = Omit<FGanObjective, 'name' | 'f'>;

const identity = elementwise((v) => v, (v) => tf.clone(v));

const F_GAN_SPECS: Record<FGanDivergence, ObjectiveSpec> = {
  kl: {
    fPrime: (u) => 1 + Math.log(u),
    conjugate: elementwise((t) => Math.exp(t - 1), (t) => tf.exp(tf.sub(t, 1))),
    conjugateDomain: [-Infinity, Infinity],
    activation: identity,
    conjugateOfActivation: elementwise((v) => Math.exp(v - 1), (v) => tf.exp(tf.sub(v, 1))),
    divergence: 'kl',
    scale: 1,
    offset: 0,
  },
  'reverse-kl': {
    fPrime: (u) => -1 / u,
    conjugate: elementwise((t) => (t < 0 ? -1 - Math.log(-t) : Infinity), (t) => tf.sub(-1, tf.log(tf.neg(t)))),
    conjugateDomain: [-Infinity, 0],
    activation: elementwise((v) => -Math.exp(-v), (v) => tf.neg(tf.exp(tf.neg(v)))),
    conjugateOfActivation: elementwise((v) => v - 1, (v) => tf.sub(v, 1)),
    divergence: 'reverse-kl',
    scale: 1,
    offset: 0,
  },
  js: {
    fPrime: (u) => Math.log((2 * u) / (1 + u)),
    conjugate: elementwise(
      (t) => (t < LN2 ? -Math.log(2 - Math.exp(t)) : Infinity),
      (t) => tf.neg(tf.log(tf.sub(2, tf.exp(t)))),
    ),
    conjugateDomain: [-Infinity, LN2],
    activation: elementwise((v) => LN2 - softplus(-v), (v) => tf.sub(LN2, tf.softplus(tf.neg(v)))),
    conjugateOfActivation: elementwise((v) => softplus(v) - LN2, (v) => tf.sub(tf.softplus(v), LN2)),
    divergence: 'js',
    scale: 2,
    offset: 0,
  },
  pearson: {
    fPrime: (u) => 2 * (u - 1),
    conjugate: elementwise((t) => (t * t) / 4 + t, (t) => tf.add(tf.div(tf.square(t), 4), t)),
    conjugateDomain: [-Infinity, Infinity],
    activation: identity,
    conjugateOfActivation: elementwise((v) => (v * v) / 4 + v, (v) => tf.add(tf.div(tf.square(v), 4), v)),
    divergence: 'pearson',
    scale: 1,
    offset: 0,
  },
  'squared-hellinger': {
    fPrime: (u) => 1 - 1 / Math.sqrt(u),
    conjugate: elementwise((t) => (t < 1 ? t / (1 - t) : Infinity), (t) => tf.div(t, tf.sub(1, t))),
    conjugateDomain: [-Infinity, 1],
    activation: elementwise((v) => -Math.expm1(-v), (v) => tf.neg(tf.expm1(tf.neg(v)))),
    conjugateOfActivation: elementwise((v) => Math.expm1(v), (v) => tf.expm1(v)),
    divergence: 'squared-hellinger',
    scale: 1,
    offset: 0,
  },
  // The original GAN: f(u) = u log u - (u+1) log(u+1), whose divergence is 2·JS - log 4 (<= 0).
  // A training objective only, not a choice of fDivergence.
  gan: {
    fPrime: (u) => Math.log(u / (1 + u)),
    conjugate: elementwise(
      (t) => (t < 0 ? -Math.log(-Math.expm1(t)) : Infinity),
      (t) => tf.neg(tf.log(tf.neg(tf.expm1(t)))),
    ),
    conjugateDomain: [-Infinity, 0],
    activation: elementwise((v) => -softplus(-v), (v) => tf.neg(tf.softplus(tf.neg(v)))),
    conjugateOfActivation: elementwise(softplus, (v) => tf.softplus(v)),
    divergence: 'js',
    scale: 2,
    offset: -Math.log(4),
  },
};

export const F_GAN_DIVERGENCES = Object.keys(F_GAN_SPECS) as FGanDivergence[];

export const F_GAN_OBJECTIVES: Readonly<Record<FGanDivergence, FGanObjective>> = Object.fromEntries(
  F_GAN_DIVERGENCES.map((name) => {
    const spec = F_GAN_SPECS[name];
    const ours = F_DIVERGENCES[spec.divergence].f;
    const f = (u: number) => spec.scale * ours(u) + (spec.offset / 2) * (u + 1);
    return [name, { name, f, ...spec }];
  }),
) as Record<FGanDivergence, FGanObjective>;

/** The f-GAN objective for a divergence name, or a DivergentInputError listing the valid ones. */
export function fGanObjective(name: string, argument = 'divergence'): FGanObjective {
  if (Object.hasOwn(F_GAN_OBJECTIVES, name)) return F_GAN_OBJECTIVES[name as FGanDivergence];
  throw new DivergentInputError(argument, `unknown f-GAN divergence ${JSON.stringify(name)}; valid: ${F_GAN_DIVERGENCES.join(', ')}`);
}
