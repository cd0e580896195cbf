// The training loop shared by every model: epochs of optimisation steps, running metrics on
// a progress bar, one metrics.jsonl line and one atomic checkpoint per epoch, resume, a guard
// against non-finite metrics, and an optional wall-clock budget. What a step does is the
// task's business; the loop knows nothing of VAEs or GANs.
import type * as tf from '@tensorflow/tfjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { existingDir } from './atomic.js';
import { CHECKPOINT_DIR, restoreCheckpoint, saveCheckpoint, type CheckpointState } from './checkpoint.js';
import { assertFinite } from './guard.js';
import { appendMetrics, truncateMetrics, type MetricsLine } from './metrics-log.js';
import { TrainingProgress } from './progress.js';

/** What a model gives the loop. */
export interface TrainTask {
  /** Optimisation steps in one epoch. */
  stepsPerEpoch: number;
  /** Everything with weights or slots; saved in each checkpoint and restored on resume. */
  models: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
  /** Called before the first step of each epoch (1-based), e.g. to shuffle. */
  startEpoch(epoch: number): void;
  /** One optimisation step (`step` counts from 1 over the run); returns this batch's scalar metrics. */
  step(step: number): Record<string, number>;
  /** Metrics measured after an epoch (e.g. on the test set), merged into its metrics line. */
  endEpoch?(epoch: number): Promise<Record<string, number>> | Record<string, number>;
  /** Extra JSON state for the checkpoint (e.g. the RNG state), given back by restoreState. */
  state(): Record<string, unknown>;
  restoreState(state: CheckpointState): void;
}

export interface FitOptions {
  runDir: string;
  epochs: number;
  /** Continue from runDir's checkpoint instead of starting afresh. */
  resume?: boolean;
  /** Stop after this many wall-clock seconds of training, ending the current epoch early. */
  maxSeconds?: number;
  /** Which running metrics the progress bar shows (default: all the step returns). */
  showMetrics?: string[];
  /** Where progress goes (default stderr); a non-terminal stream gets one line per epoch. */
  stream?: NodeJS.WriteStream;
}

export interface FitResult {
  /** One entry per epoch of the whole run, resumed epochs included (as in metrics.jsonl). */
  history: MetricsLine[];
  /** Epochs run by this call. */
  epochsRun: number;
  steps: number;
  stoppedBy: 'epochs' | 'time';
}

export async function fit(task: TrainTask, opts: FitOptions): Promise<FitResult> {
  const { runDir, epochs } = opts;
  if (!Number.isInteger(epochs) || epochs < 1) throw new DivergentInputError('--epochs', `expected a positive integer, got ${epochs}`);
  mkdirSync(runDir, { recursive: true });
  let epoch0 = 0;
  let step = 0;
  let history: MetricsLine[] = [];
  if (opts.resume) {
    const state = await restoreCheckpoint(runDir, { models: task.models, optimizers: task.optimizers });
    task.restoreState(state);
    epoch0 = state.epoch;
    step = state.step;
    history = truncateMetrics(runDir, epoch0);
  } else {
    refuseFinishedRun(runDir);
    history = truncateMetrics(runDir, 0);
  }

  const progress = new TrainingProgress({
    totalSteps: epochs * task.stepsPerEpoch,
    startStep: epoch0 * task.stepsPerEpoch,
    epochs,
    maxSeconds: opts.maxSeconds,
    stream: opts.stream,
  });
  const started = Date.now();
  let stoppedBy: FitResult['stoppedBy'] = 'epochs';
  let epochsRun = 0;
  try {
    for (let epoch = epoch0 + 1; epoch <= epochs && stoppedBy === 'epochs'; epoch++) {
      const lastGood =
        epoch > 1 ? `The last good checkpoint (epoch ${epoch - 1}) is kept in ${join(runDir, CHECKPOINT_DIR)}.` : 'No checkpoint was written.';
      task.startEpoch(epoch);
      const epochStart = Date.now();
      const sums: Record<string, number> = {};
      let batches = 0;
      for (let b = 1; b <= task.stepsPerEpoch; b++) {
        const metrics = task.step(step + 1);
        assertFinite(metrics, { epoch, batch: b, batches: task.stepsPerEpoch, step: step + 1 }, lastGood);
        step++;
        batches++;
        for (const k in metrics) sums[k] = (sums[k] ?? 0) + metrics[k];
        if (progress.due(step)) progress.update(step, epoch, means(sums, batches, opts.showMetrics));
        if (opts.maxSeconds != null && (Date.now() - started) / 1000 >= opts.maxSeconds) {
          stoppedBy = 'time';
          break;
        }
      }
      const seconds = (Date.now() - epochStart) / 1000;
      const epochMeans = means(sums, batches);
      const evalStart = Date.now();
      const after = (await task.endEpoch?.(epoch)) ?? {};
      assertFinite(after, { epoch, batch: batches, batches: task.stepsPerEpoch, step }, lastGood);
      const line: MetricsLine = { epoch, seconds: round(seconds), ...roundAll(epochMeans), ...roundAll(after) };
      if (task.endEpoch) line.eval_seconds = round((Date.now() - evalStart) / 1000);
      if (batches < task.stepsPerEpoch) line.steps = batches;
      appendMetrics(runDir, line);
      await saveCheckpoint(runDir, {
        models: task.models,
        optimizers: task.optimizers,
        state: { ...task.state(), epoch, step },
      });
      history.push(line);
      epochsRun++;
      progress.epochDone(epoch, seconds, { ...epochMeans, ...after });
    }
  } finally {
    progress.stop();
  }
  return { history, epochsRun, steps: step, stoppedBy };
}

/** Throws when `runDir` already holds a checkpoint: a fresh run never overwrites one. */
export function refuseFinishedRun(runDir: string): void {
  if (existingDir(join(runDir, CHECKPOINT_DIR)) != null) {
    throw new DivergentInputError('--out', `${runDir} already holds a trained run; pass --resume to continue it, or choose another folder`);
  }
}

/** The mean of each summed metric over `batches`, of those in `keys` when given. */
function means(sums: Record<string, number>, batches: number, keys?: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k in sums) if (keys == null || keys.includes(k)) out[k] = sums[k] / batches;
  return out;
}

function round(v: number): number {
  return Number(v.toPrecision(7));
}

function roundAll(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]));
}
