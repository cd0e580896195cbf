// Which divergence should a GAN minimise? Train an f-GAN with each, on the same toy target,
// with the same budget, architecture and seeds, and compare how many modes each covers.
import { toy2d } from '../data/toy2d.js';
import { DivergentInputError } from '../errors.js';
import { modeMetrics, type ModeMetrics } from '../eval/gan.js';
import { F_GAN_DIVERGENCES, type FGanDivergence } from '../info/f-divergences.js';
import { resolveGanConfig, type GanConfig } from './gan-config.js';
import { dataSeed, evalSeed, ganData } from './gan-data.js';
import { GanTrainer } from './gan-trainer.js';

export interface CompareOptions {
  dataset: string;
  steps: number;
  seeds: number;
  divergences?: FGanDivergence[];
  /** Anything else of the run configuration (architecture, stabilisers, ...), shared by all runs. */
  overrides?: Partial<Omit<GanConfig, 'model' | 'dataset'>>;
  /** Called after every generator step of every run (for a progress bar). */
  onStep?: (done: number, total: number, label: string) => void;
  /** Called when a run ends. */
  onRun?: (run: CompareRun) => void;
}

export interface CompareRun extends ModeMetrics {
  divergence: FGanDivergence;
  seed: number;
  seconds: number;
  /** The generator step at which a loss became NaN or infinite (the run stopped there), else null. */
  diverged_at: number | null;
}

export interface CompareRow {
  divergence: FGanDivergence;
  modes_covered_mean: number;
  modes_covered_sd: number;
  modes_total: number;
  hq_fraction_mean: number;
  hq_fraction_sd: number;
  /** Mean over the runs that had high-quality samples; null if none had. */
  mode_js_mean: number | null;
  seconds_mean: number;
  diverged: number;
  runs: CompareRun[];
}

function meanSd(xs: number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.length > 1 ? xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) : 0;
  return [m, Math.sqrt(v)];
}

function seedsFor(seeds: number): number[] {
  if (!Number.isInteger(seeds) || seeds < 1) throw new DivergentInputError('--seeds', `expected a positive integer, got ${seeds}`);
  return Array.from({ length: seeds }, (_, i) => i);
}

function runOne(opts: CompareOptions, divergence: FGanDivergence, seed: number, done: number, total: number): CompareRun {
  const c = resolveGanConfig({ ...opts.overrides, dataset: opts.dataset, loss: 'f', divergence, steps: opts.steps, logEvery: opts.steps, seed });
  const data = ganData(c.dataset, c.batch, dataSeed(seed));
  const trainer = new GanTrainer(c, data);
  const started = Date.now();
  let divergedAt: number | null = null;
  for (let step = 1; step <= c.steps; step++) {
    const m = trainer.step(step);
    opts.onStep?.(done + step, total, `${divergence} seed ${seed}`);
    if (!Object.values(m).every(Number.isFinite)) {
      divergedAt = step;
      opts.onStep?.(done + c.steps, total, `${divergence} seed ${seed}`);
      break;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const toy = data.toy!;
  const samples = trainer.sample(c.evalSamples, evalSeed(seed, c.steps));
  const finite = samples.every(Number.isFinite);
  const metrics = finite ? modeMetrics(samples, toy) : { modes_covered: 0, modes_total: toy.means.length, hq_fraction: 0, mode_kl: null, mode_js: null };
  trainer.dispose();
  return { divergence, seed, seconds, diverged_at: divergedAt, ...metrics };
}

/** Trains every divergence on every seed and summarises each divergence over its seeds. */
export function compareDivergences(opts: CompareOptions): CompareRow[] {
  const toy = toy2d(opts.dataset);
  if (toy.means.length === 0) throw new DivergentInputError('--dataset', `${opts.dataset} has no discrete modes to count; use ring8 or grid25`);
  const divergences = opts.divergences ?? F_GAN_DIVERGENCES;
  const seeds = seedsFor(opts.seeds);
  const total = divergences.length * seeds.length * opts.steps;
  let done = 0;
  return divergences.map((divergence) => {
    const runs = seeds.map((seed) => {
      const run = runOne(opts, divergence, seed, done, total);
      done += opts.steps;
      opts.onRun?.(run);
      return run;
    });
    const [modesMean, modesSd] = meanSd(runs.map((r) => r.modes_covered));
    const [hqMean, hqSd] = meanSd(runs.map((r) => r.hq_fraction));
    const js = runs.map((r) => r.mode_js).filter((x): x is number => x != null);
    return {
      divergence,
      modes_covered_mean: modesMean,
      modes_covered_sd: modesSd,
      modes_total: toy.means.length,
      hq_fraction_mean: hqMean,
      hq_fraction_sd: hqSd,
      mode_js_mean: js.length > 0 ? meanSd(js)[0] : null,
      seconds_mean: meanSd(runs.map((r) => r.seconds))[0],
      diverged: runs.filter((r) => r.diverged_at != null).length,
      runs,
    };
  });
}
