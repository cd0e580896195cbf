// A GAN run from start to finish, as `divergent train gan` uses it: config.json, the shared
// training loop (progress bar, one metrics.jsonl line and one atomic checkpoint per logging
// interval, resume), the diagnostics at each logging step, and the pictures at the end.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Toy2d } from '../data/toy2d.js';
import { modeMetrics } from '../eval/gan.js';
import { mnistGanScores, type MnistGanScores } from '../eval/classifier.js';
import { writeJsonAtomic } from '../train/atomic.js';
import { writeRunConfig } from '../train/config-file.js';
import { fit, type FitResult, type TrainTask } from '../train/loop.js';
import type { CheckpointState } from '../train/checkpoint.js';
import { writeImageGrid } from '../viz/image-grid.js';
import { writeToyPanels, type ToyPanel } from '../viz/toy-panels.js';
import { activeStabilisers, type GanConfig } from './gan-config.js';
import { dataSeed, evalSeed, ganData } from './gan-data.js';
import { GanTrainer } from './gan-trainer.js';

/** The points of every panel drawn so far (a subfolder: the report lists top-level JSON files as results). */
export const PANELS_FILE = join('panels', 'points.json');
export const SAMPLES_FILE = 'samples.png';
export const EVAL_FILE = 'eval.json';
/** Points per panel of samples.png (the mode metrics use config.evalSamples). */
const PANEL_POINTS = 1000;


export interface TrainGanOptions {
  out: string;
  resume?: boolean;
  stream?: NodeJS.WriteStream;
  /** Where the MNIST classifier is cached (default: see eval/classifier.ts). */
  classifierCache?: string;
}

export interface TrainedGan {
  config: GanConfig;
  trainer: GanTrainer;
  fit: FitResult;
  /** The final diagnostics, as written to eval.json. */
  final: Record<string, number | null>;
}

/** The mode diagnostics of the generator at a step (toys with modes; moons has none). */
function toyScores(trainer: GanTrainer, toy: Toy2d, step: number): Record<string, number> {
  const c = trainer.config;
  if (toy.means.length === 0) return {};
  const m = modeMetrics(trainer.sample(c.evalSamples, evalSeed(c.seed, step)), toy);
  const out: Record<string, number> = { modes_covered: m.modes_covered, hq_fraction: m.hq_fraction };
  if (m.mode_kl != null && m.mode_js != null) Object.assign(out, { mode_kl: m.mode_kl, mode_js: m.mode_js });
  return out;
}

function readPanels(runDir: string): ToyPanel[] {
  const file = join(runDir, PANELS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ToyPanel[]) : [];
}

/** Trains (or resumes) a GAN run in `opts.out`; config.json is written before the first step. */
export async function trainGan(config: GanConfig, opts: TrainGanOptions): Promise<TrainedGan> {
  const runDir = opts.out;
  const c = config;
  const data = ganData(c.dataset, c.batch, dataSeed(c.seed));
  const trainer = new GanTrainer(c, data);
  mkdirSync(runDir, { recursive: true });
  writeRunConfig(runDir, { ...c, stabilisers: activeStabilisers(c), objective: trainer.objective.name });
  let panels: ToyPanel[] = [];

  const task: TrainTask = {
    stepsPerEpoch: c.logEvery,
    models: { generator: trainer.generator, discriminator: trainer.discriminator },
    optimizers: { generator: trainer.gOptimizer, discriminator: trainer.dOptimizer },
    startEpoch: () => {},
    step: (step) => trainer.step(step),
    endEpoch: (epoch) => {
      const step = epoch * c.logEvery;
      if (data.toy == null) return { step };
      if (step % c.panelEvery === 0 || step === c.steps) {
        panels.push({ step, points: Array.from(trainer.sample(PANEL_POINTS, evalSeed(c.seed, step) + 1)) });
        mkdirSync(join(runDir, 'panels'), { recursive: true });
        writeJsonAtomic(join(runDir, PANELS_FILE), panels);
      }
      return { step, ...toyScores(trainer, data.toy, step) };
    },
    state: () => ({ gan: trainer.state() }),
    restoreState: (s: CheckpointState) => {
      trainer.restoreState(s.gan as ReturnType<GanTrainer['state']>);
      panels = readPanels(runDir).filter((p) => p.step <= s.step);
    },
  };
  const result = await fit(task, {
    runDir,
    epochs: c.steps / c.logEvery,
    resume: opts.resume,
    stream: opts.stream,
    showMetrics: ['d_loss', 'g_loss', 'divergence_estimate'],
  });

  let final: Record<string, number | null>;
  if (data.toy != null) {
    const toy = data.toy;
    const m = toy.means.length > 0 ? modeMetrics(trainer.sample(c.evalSamples, evalSeed(c.seed, c.steps)), toy) : null;
    final = m == null ? {} : { ...m };
    writeToyPanels(join(runDir, SAMPLES_FILE), panels, {
      density: toy.density,
      extent: [-toy.extent, toy.extent, -toy.extent, toy.extent],
      title: `${c.dataset}, ${trainer.objective.name}`,
    });
  } else {
    const n = c.evalSamples;
    const images = trainer.sample(n, evalSeed(c.seed, c.steps));
    writeImageGrid(join(runDir, SAMPLES_FILE), { values: images.subarray(0, 100 * 784), n: 100, height: 28, width: 28 }, { columns: 10, scale: 2 });
    const scores: MnistGanScores = await mnistGanScores(images, n, { cacheDir: opts.classifierCache, stream: opts.stream });
    final = { ...scores };
  }
  writeJsonAtomic(join(runDir, EVAL_FILE), { steps: result.steps, ...final });
  return { config: c, trainer, fit: result, final };
}
