// A checkpoint is one folder holding everything a run needs to continue exactly where it
// stopped: each model as a tfjs LayersModel folder (loadable in a browser), each optimizer's
// slots (Adam's moments and step count), and a JSON state (epoch, step, RNG state, ...).
// It is written under a temporary name and renamed into place (see atomic.ts).
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { existingDir, replaceDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic.js';
import { loadLayersModel, saveLayersModel } from './fs-io.js';

export const CHECKPOINT_DIR = 'checkpoint';
const STATE_JSON = 'state.json';
const FORMAT = 'divergent-checkpoint-1';

/** The JSON part of a checkpoint: the loop's counters plus whatever the task adds. */
export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  /** Optimisation steps taken. */
  step: number;
  [key: string]: unknown;
}

export interface CheckpointContents {
  models: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
  state: CheckpointState;
}

/** The folder of a model inside a checkpoint (what `tf.loadLayersModel` reads). */
export function modelDir(checkpointDir: string, name: string): string {
  return join(checkpointDir, name);
}

async function saveOptimizer(optimizer: tf.Optimizer, dir: string, name: string): Promise<void> {
  const named = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // Slots are the optimizer's own variables; anything else (the step count) was made for us.
  tf.dispose(named.map((n) => n.tensor).filter((t) => !(t instanceof tf.Variable)));
  const bytes = new Uint8Array(Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data);
  mkdirSync(join(dir, 'optimizers'), { recursive: true });
  writeFileAtomic(join(dir, 'optimizers', `${name}.bin`), bytes);
  writeJsonAtomic(join(dir, 'optimizers', `${name}.json`), { className: optimizer.getClassName(), config: optimizer.getConfig(), specs });
}

async function restoreOptimizer(optimizer: tf.Optimizer, dir: string, name: string): Promise<void> {
  const meta = JSON.parse(readFileSync(join(dir, 'optimizers', `${name}.json`), 'utf8')) as {
    className: string;
    specs: tf.io.WeightsManifestEntry[];
  };
  // The native Adam keeps tfjs Adam's slots in the same order: either restores the other's.
  const family = (name: string) => name.replace(/^Native/, '');
  if (family(meta.className) !== family(optimizer.getClassName())) {
    throw new DivergentInputError('--resume', `the checkpoint's optimizer "${name}" is ${meta.className}, this run uses ${optimizer.getClassName()}`);
  }
  const bytes = readFileSync(join(dir, 'optimizers', `${name}.bin`));
  const map = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, meta.specs);
  // setWeights keeps the tensors (as variables); the decoded copies are ours to free.
  await optimizer.setWeights(meta.specs.map((s) => ({ name: s.name, tensor: map[s.name] })));
  tf.dispose(Object.values(map));
}

/** Writes a checkpoint into `runDir/checkpoint`, replacing the previous one atomically. */
export async function saveCheckpoint(runDir: string, contents: CheckpointContents): Promise<void> {
  await replaceDirAtomic(join(runDir, CHECKPOINT_DIR), async (tmp) => {
    for (const [name, model] of Object.entries(contents.models)) await saveLayersModel(model, modelDir(tmp, name));
    for (const [name, opt] of Object.entries(contents.optimizers)) await saveOptimizer(opt, tmp, name);
    writeJsonAtomic(join(tmp, STATE_JSON), { format: FORMAT, ...contents.state });
  });
}

/** The checkpoint folder of a run, or a DivergentInputError saying there is none. */
export function findCheckpoint(runDir: string, argument = 'DIR'): string {
  const dir = existingDir(join(runDir, CHECKPOINT_DIR));
  if (dir == null) throw new DivergentInputError(argument, `${runDir} holds no checkpoint (expected a folder ${join(runDir, CHECKPOINT_DIR)})`);
  return dir;
}

/** Reads a checkpoint's JSON state. */
export function readCheckpointState(checkpointDir: string): CheckpointState {
  const file = join(checkpointDir, STATE_JSON);
  let state: CheckpointState & { format?: string };
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as CheckpointState & { format?: string };
  } catch (err) {
    throw new DivergentInputError(file, `cannot be read as a checkpoint state (${(err as Error).message})`);
  }
  if (state.format !== FORMAT) throw new DivergentInputError(file, `expected format "${FORMAT}", found ${JSON.stringify(state.format)}`);
  return state;
}

/** Loads one model of a checkpoint as a fresh LayersModel. */
export function loadCheckpointModel(checkpointDir: string, name: string): Promise<tf.LayersModel> {
  return loadLayersModel(modelDir(checkpointDir, name));
}

/**
 * Restores a checkpoint into models and optimizers built the same way as the saved ones
 * (same architecture, same variable order), and returns its state.
 */
export async function restoreCheckpoint(
  runDir: string,
  into: { models: Record<string, tf.LayersModel>; optimizers: Record<string, tf.Optimizer> },
): Promise<CheckpointState> {
  const dir = findCheckpoint(runDir, '--resume');
  const state = readCheckpointState(dir);
  for (const [name, model] of Object.entries(into.models)) {
    const saved = await loadCheckpointModel(dir, name);
    const weights = saved.getWeights();
    const target = model.getWeights();
    if (weights.length !== target.length || weights.some((w, i) => w.shape.join() !== target[i].shape.join())) {
      saved.dispose();
      throw new DivergentInputError('--resume', `the checkpoint's ${name} has a different architecture from this run's (check --preset, --hidden, --latent)`);
    }
    model.setWeights(weights);
    saved.dispose();
  }
  for (const [name, opt] of Object.entries(into.optimizers)) await restoreOptimizer(opt, dir, name);
  return state;
}
