// The configuration of a GAN run: every option with its default and why, resolved once
// (defaults filled per dataset) and written whole into config.json so that a run can be
// repeated and its checkpoint rebuilt.
import { DivergentInputError } from '../errors.js';
import { F_GAN_DIVERGENCES, type FGanDivergence } from '../info/f-divergences.js';
import { TOY_DATASETS } from '../data/toy2d.js';
import { GAN_LOSSES } from './gan.js';
import { ARCHITECTURES, type Architecture } from './generator.js';

export const GAN_DATASETS = [...TOY_DATASETS, 'mnist'] as const;
export type GanDataset = (typeof GAN_DATASETS)[number];
export const LOSSES = [...GAN_LOSSES, 'f'] as const;
export type LossName = (typeof LOSSES)[number];

export interface GanConfig {
  model: 'gan';
  dataset: GanDataset;
  /** 'minimax' | 'non-saturating' (Goodfellow et al.) or 'f' (f-GAN with `divergence`). */
  loss: LossName;
  /** The f-GAN divergence (only with loss 'f'). */
  divergence: FGanDivergence | null;
  /** f-GAN only: the generator minimises the bound itself instead of -E_Q[g_f(v)]. */
  saturating: boolean;
  /** Generator updates. */
  steps: number;
  /** Samples per batch, real and generated alike. */
  batch: number;
  /** Adam learning rate of the generator and of the discriminator. */
  lr: number;
  lrD: number;
  /** Adam's β1 (0.5, as DCGAN: momentum that is too long makes the game oscillate) and β2. */
  beta1: number;
  beta2: number;
  /** Both learning rates fall linearly to 0 at this generator step (0 = constant rates); default the run's steps when it was started, kept on resume. */
  lrDecaySteps: number;
  /** Discriminator updates per generator update. */
  dSteps: number;
  latentDim: number;
  arch: Architecture;
  /** MLP hidden sizes of the generator and of the discriminator. */
  gHidden: number[];
  dHidden: number[];
  /** Conv channels per stride-2 layer (arch 'conv'). */
  filters: number[];
  /** Stabilisers; each is off at its neutral value. PacGAN pack size (1 = off). */
  pack: number;
  /** R1 gradient penalty weight γ: adds γ/2·E_P[|∇_x v(x)|²] to the discriminator loss (0 = off). */
  r1: number;
  /** Spectral normalisation of every dense layer of the discriminator. */
  spectralNorm: boolean;
  /** Instance noise: std of the Gaussian noise added to every critic input, annealed linearly to 0 over the run (0 = off). */
  instanceNoise: number;
  /** Generator steps over which the instance noise falls to 0 (default: the run's steps when it was started; kept on resume). */
  instanceNoiseSteps: number;
  /** Generator steps between metrics lines (and checkpoints). */
  logEvery: number;
  /** Generator steps between the panels of samples.png (toys). */
  panelEvery: number;
  /** Samples scored at each logging step (mode coverage) and at the end. */
  evalSamples: number;
  seed: number;
}

/** What a caller may set: names are checked by resolveGanConfig, everything else defaults per dataset. */
export type GanOptions = Partial<Omit<GanConfig, 'model' | 'dataset' | 'loss' | 'divergence'>> & { dataset: string; loss?: string; divergence?: string | null };

/** Shipped defaults per dataset; see docs/gan.md for how the toy defaults were chosen. */
function defaultsFor(dataset: GanDataset): Omit<GanConfig, 'model' | 'dataset' | 'loss' | 'divergence' | 'seed' | 'instanceNoiseSteps' | 'lrDecaySteps'> {
  const common = { saturating: false, beta1: 0.5, beta2: 0.999, dSteps: 1, arch: 'mlp' as Architecture, pack: 1, r1: 0, spectralNorm: false, instanceNoise: 0 };
  if (dataset === 'mnist') {
    // Spectral normalisation: without it the MLP critic won within 500 steps and the generator collapsed to one image.
    return { ...common, spectralNorm: true, steps: 10000, batch: 64, lr: 5e-4, lrD: 5e-4, latentDim: 64, gHidden: [256, 512], dHidden: [512, 256], filters: [64, 128], logEvery: 500, panelEvery: 500, evalSamples: 2500 };
  }
  return { ...common, steps: 10000, batch: 256, lr: 1e-3, lrD: 1e-3, latentDim: 2, gHidden: [128, 128], dHidden: [128, 128], filters: [], logEvery: 500, panelEvery: 2000, evalSamples: 2500 };
}

function oneOf<T extends string>(argument: string, value: string, valid: readonly T[]): T {
  if (!(valid as readonly string[]).includes(value)) {
    throw new DivergentInputError(argument, `unknown value '${value}'; valid: ${valid.join(', ')}`);
  }
  return value as T;
}

function positiveInt(argument: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new DivergentInputError(argument, `expected a positive integer, got ${v}`);
  return v;
}

function nonNegative(argument: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new DivergentInputError(argument, `expected a finite number >= 0, got ${v}`);
  return v;
}

/** Fills every default and checks every value; throws DivergentInputError naming the option. */
export function resolveGanConfig(opts: GanOptions): GanConfig {
  const dataset = oneOf('--dataset', opts.dataset, GAN_DATASETS);
  const loss = oneOf('--loss', opts.loss ?? 'non-saturating', LOSSES);
  let divergence: FGanDivergence | null = null;
  if (loss === 'f') divergence = oneOf('--divergence', opts.divergence ?? 'js', F_GAN_DIVERGENCES);
  else if (opts.divergence != null) throw new DivergentInputError('--divergence', `only applies to --loss f (got --loss ${loss})`);
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  const c: GanConfig = { model: 'gan', ...defaultsFor(dataset), ...defined, dataset, loss, divergence, seed: opts.seed ?? 0 } as GanConfig;
  // --lr sets both rates unless the discriminator's is given on its own.
  if (opts.lr !== undefined && opts.lrD === undefined) c.lrD = opts.lr;
  c.instanceNoiseSteps ??= c.steps;
  c.lrDecaySteps ??= c.steps;
  c.arch = oneOf('--arch', c.arch, ARCHITECTURES);
  // The default spectral normalisation is for the MLP critic; the conv critic has none.
  if (c.arch === 'conv' && opts.spectralNorm === undefined) c.spectralNorm = false;
  if (c.arch === 'conv' && dataset !== 'mnist') throw new DivergentInputError('--arch', `conv nets are for images (--dataset mnist), not ${dataset}`);
  for (const k of ['steps', 'batch', 'dSteps', 'latentDim', 'pack', 'logEvery', 'panelEvery', 'evalSamples', 'instanceNoiseSteps'] as const) positiveInt(`--${kebab(k)}`, c[k]);
  for (const k of ['lr', 'lrD'] as const) if (!(c[k] > 0)) throw new DivergentInputError(`--${kebab(k)}`, `expected a positive learning rate, got ${c[k]}`);
  for (const k of ['r1', 'instanceNoise'] as const) nonNegative(`--${kebab(k)}`, c[k]);
  if (!Number.isInteger(c.lrDecaySteps) || c.lrDecaySteps < 0) throw new DivergentInputError('--lr-decay-steps', `expected an integer >= 0, got ${c.lrDecaySteps}`);
  if (c.batch % c.pack !== 0) throw new DivergentInputError('--pack', `the batch (${c.batch}) must be a multiple of the pack size (${c.pack})`);
  if (c.steps % c.logEvery !== 0) throw new DivergentInputError('--steps', `${c.steps} is not a multiple of --log-every (${c.logEvery})`);
  if (!Number.isInteger(c.seed)) throw new DivergentInputError('--seed', `expected an integer, got ${c.seed}`);
  return c;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
}

/** The stabilisers a config turns on, by name (recorded in config.json and the report). */
export function activeStabilisers(c: GanConfig): string[] {
  const on: string[] = [];
  if (c.pack > 1) on.push(`pacgan(m=${c.pack})`);
  if (c.r1 > 0) on.push(`r1(gamma=${c.r1})`);
  if (c.spectralNorm) on.push('spectral-norm');
  if (c.instanceNoise > 0) on.push(`instance-noise(sigma=${c.instanceNoise})`);
  return on;
}
