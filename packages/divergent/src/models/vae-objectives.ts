// The VAE's training objectives: a table of small functions over the same model outputs
// (VaeOutputs), each returning the per-example loss to minimise; batchElbo gives, for the
// log, the per-example ELBO (negative: a log-likelihood bound) and the unweighted KL.
//
//   elbo       loss = -(E_q[log p(x|z)] - w_t · KLterm)
//              w_t   = β · a(t)       β-VAE (Higgins et al. 2017) times an annealing schedule a(t):
//                 constant   a(t) = 1
//                 linear:N   a(t) = min(1, t/N)                           (warm-up, Bowman et al. 2016)
//                 cyclical:M a(t) = min(1, 2τ), τ = ((t-1) mod (T/M)) / (T/M)
//                            M cycles over the T steps of the run, ramping over the first half of
//                            each (Fu et al. 2019, "Cyclical Annealing Schedule", R = 0.5)
//              KLterm = Σ_j KL_j                       (plain)
//                     = Σ_j max(λ, mean_batch KL_j)    free bits (Kingma et al. 2016, "Improved
//                                                      Variational Inference with Inverse
//                                                      Autoregressive Flow"): no pressure on a
//                                                      dimension whose batch-averaged KL is below λ nats
//   iwae:K     loss = -mean_b [log (1/K) Σ_i w_ib]     (Burda et al. 2016), w = p(x,z)/q(z|x)
//
// t counts optimisation steps from 1.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import type { VaeOutputs } from './vae.js';

/** What the optimizer minimises: a per-example mean over the batch. */
export interface ObjectiveTerms {
  loss: tf.Scalar;
}

/** The batch's ELBO (negative) and unweighted KL, per example: what training logs. */
export interface BatchElbo {
  elbo: number;
  kl: number;
}

export interface StepContext {
  /** Optimisation step, from 1. */
  step: number;
  /** Steps in the whole run (the cyclical schedule divides it into cycles). */
  totalSteps: number;
}

/** An annealing schedule a(t) in [0, 1]. */
export type KlSchedule = (ctx: StepContext) => number;

export type AnnealSpec = { kind: 'constant' } | { kind: 'linear'; steps: number } | { kind: 'cyclical'; cycles: number };

/** The table of annealing schedules. */
export const klSchedules: { [K in AnnealSpec['kind']]: (spec: Extract<AnnealSpec, { kind: K }>) => KlSchedule } = {
  constant: () => () => 1,
  linear:
    ({ steps }) =>
    ({ step }) =>
      Math.min(1, step / steps),
  cyclical:
    ({ cycles }) =>
    ({ step, totalSteps }) => {
      const period = totalSteps / cycles;
      const tau = ((step - 1) % period) / period;
      return Math.min(1, 2 * tau);
    },
};

export function klSchedule(spec: AnnealSpec): KlSchedule {
  return (klSchedules[spec.kind] as (s: AnnealSpec) => KlSchedule)(spec);
}

/** The KL part of the ELBO loss: the table of KL terms. */
export const klTerms = {
  /** Mean over the batch of each example's KL [B]. */
  plain: (kl: tf.Tensor): tf.Scalar => tf.mean(kl) as tf.Scalar,
  /** Σ_j max(λ, batch mean of KL_j), from the per-dimension KLs [B, Z]. */
  freeBits: (klPerDim: tf.Tensor, lambda: number): tf.Scalar => tf.sum(tf.maximum(tf.mean(klPerDim, 0), lambda)) as tf.Scalar,
};

export interface ElboSettings {
  beta: number;
  anneal: AnnealSpec;
  /** λ in nats per latent dimension; 0 turns free bits off. */
  freeBits: number;
}

export type ObjectiveSpec = ({ kind: 'elbo' } & ElboSettings) | { kind: 'iwae'; k: number };

/** The model outputs an objective needs: samples per input, log importance weights, per-dimension KLs. */
export function samplesFor(spec: ObjectiveSpec): { k: number; logWeights: boolean; klPerDim: boolean } {
  return spec.kind === 'iwae' ? { k: spec.k, logWeights: true, klPerDim: false } : { k: 1, logWeights: false, klPerDim: spec.freeBits > 0 };
}

function perDim(out: VaeOutputs): tf.Tensor {
  if (out.klPerDim == null) throw new Error('free bits need forward(..., { klPerDim: true })');
  return out.klPerDim;
}

/**
 * w_t when the objective's loss is mean(reconstruction + w_t·KL) over the batch (an ELBO
 * without free bits): a model may then give its gradients directly (Vae.elboGradients).
 * Null for the other objectives.
 */
export function plainElboKlWeight(spec: ObjectiveSpec, ctx: StepContext): number | null {
  return spec.kind === 'elbo' && spec.freeBits === 0 ? klWeight(spec, ctx) : null;
}

/** w_t = β·a(t). */
function klWeight(settings: ElboSettings, ctx: StepContext): number {
  return settings.beta * klSchedule(settings.anneal)(ctx);
}

/** The ELBO loss (with β, annealing and free bits) from outputs with k = 1. */
export function elboObjective(out: VaeOutputs, settings: ElboSettings, ctx: StepContext): ObjectiveTerms {
  const weight = klWeight(settings, ctx);
  return tf.tidy(() => {
    if (out.reconstruction != null && settings.freeBits === 0) {
      // mean(rec + w·KL) row by row: two taped ops (each with its gradient) where the
      // general form below takes five; the same gradients, 1/B per row.
      return { loss: tf.mean(tf.add(out.reconstruction, weight === 1 ? out.kl : tf.mul(out.kl, weight))) as tf.Scalar };
    }
    const rec = tf.mean(out.logPxGivenZ);
    const penalty = settings.freeBits > 0 ? klTerms.freeBits(perDim(out), settings.freeBits) : klTerms.plain(out.kl);
    // Written as w·KL - rec (and the product skipped when w = 1): every op here is also an op in the backward pass.
    return { loss: tf.sub(weight === 1 ? penalty : tf.mul(penalty, weight), rec) as tf.Scalar };
  });
}

/** What the logged terms read: the KL and, per input, -log p(x|z) [B] if given, else log p(x|z) [k, B]. */
export type ElboOutputs = Pick<VaeOutputs, 'kl' | 'reconstruction'> & Partial<Pick<VaeOutputs, 'logPxGivenZ'>>;

/** The tensors batchElbo reads, kept (tf.keep) past the scope that made them. */
export function keepElboOutputs(out: VaeOutputs): ElboOutputs {
  const kl = tf.keep(out.kl);
  return out.reconstruction != null ? { kl, reconstruction: tf.keep(out.reconstruction) } : { kl, logPxGivenZ: tf.keep(out.logPxGivenZ) };
}

/**
 * The logged ELBO and KL of a batch (any objective): mean log p(x|z) - mean KL, and mean KL,
 * summed in double from the per-example values (no tfjs ops: a few hundred numbers).
 */
export function batchElbo(out: ElboOutputs): BatchElbo {
  const mean = (t: tf.Tensor) => (t.dataSync() as Float32Array).reduce((a: number, v: number) => a + v, 0) / t.size;
  const kl = mean(out.kl);
  const logPx = out.reconstruction != null ? -mean(out.reconstruction) : mean(out.logPxGivenZ!);
  return { elbo: logPx - kl, kl };
}

/** log (1/k) Σ_i w_i per input, from outputs computed with logWeights: [k, B] -> [B]. */
export function logMeanWeights(out: VaeOutputs): tf.Tensor {
  if (out.logPz == null || out.logQz == null) throw new Error('IWAE needs forward(..., { logWeights: true })');
  const k = out.logPxGivenZ.shape[0];
  return tf.tidy(() => tf.sub(tf.logSumExp(tf.sub(tf.add(out.logPxGivenZ, out.logPz!), out.logQz!), 0), Math.log(k)));
}

/** The IWAE bound as a loss. */
export function iwaeObjective(out: VaeOutputs): ObjectiveTerms {
  return tf.tidy(() => ({ loss: tf.neg(tf.mean(logMeanWeights(out))) as tf.Scalar }));
}

/** The table of objectives. */
export const objectives: { [K in ObjectiveSpec['kind']]: (out: VaeOutputs, spec: Extract<ObjectiveSpec, { kind: K }>, ctx: StepContext) => ObjectiveTerms } = {
  elbo: (out, spec, ctx) => elboObjective(out, spec, ctx),
  iwae: (out) => iwaeObjective(out),
};

export function objectiveTerms(out: VaeOutputs, spec: ObjectiveSpec, ctx: StepContext): ObjectiveTerms {
  return (objectives[spec.kind] as (o: VaeOutputs, s: ObjectiveSpec, c: StepContext) => ObjectiveTerms)(out, spec, ctx);
}

/** Parses --anneal: 'none', 'linear:N' (N warm-up steps) or 'cyclical:M' (M cycles). */
export function parseAnneal(text: string | undefined): AnnealSpec {
  if (text == null || text === 'none') return { kind: 'constant' };
  const m = /^(linear|cyclical):(\d+)$/.exec(text);
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1) {
    throw new DivergentInputError('--anneal', `"${text}" is not valid; use linear:N (warm up over N steps, N >= 1) or cyclical:M (M >= 1 cycles)`);
  }
  return m[1] === 'linear' ? { kind: 'linear', steps: n } : { kind: 'cyclical', cycles: n };
}

/** Parses --objective: 'elbo' or 'iwae:K'. */
export function parseObjectiveKind(text: string): { kind: 'elbo' } | { kind: 'iwae'; k: number } {
  if (text === 'elbo') return { kind: 'elbo' };
  const m = /^iwae:(\d+)$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  if (!m || k < 1) throw new DivergentInputError('--objective', `"${text}" is not valid; use elbo or iwae:K with K >= 1 samples`);
  return { kind: 'iwae', k };
}
