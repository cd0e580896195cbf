// A VAE run from start to finish, as `divergent train vae`, `start`, `eval`, `sample` and the
// benchmark use it: resolve the configuration (preset + overrides), load the data, train with
// the shared loop, and load a trained run back from its folder.
import { mkdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { subset, type Dataset } from '../data/dataset.js';
import { loadDataset } from '../data/load.js';
import { DivergentInputError } from '../errors.js';
import { EVAL_DATA_SEED, vaeTestData, type TestData } from '../eval/vae-test-data.js';
import type { InitName } from '../models/init.js';
import type { Activation } from '../models/networks.js';
import { Vae } from '../models/vae.js';
import { DEFAULT_VARIANCE_FLOOR, likelihood, type DecoderName } from '../models/vae-likelihoods.js';
import { parseAnneal, parseObjectiveKind, type ObjectiveSpec } from '../models/vae-objectives.js';
import { buildVae, preset, type PresetName, type VaeArchitecture } from '../models/vae-presets.js';
import { Rng } from '../random.js';
import { findCheckpoint, loadCheckpointModel } from './checkpoint.js';
import { readRunConfig, writeRunConfig } from './config-file.js';
import { fit, refuseFinishedRun, type FitResult } from './loop.js';
import { makeAdam } from './optimizer.js';
import { vaeTrainTask } from './vae-task.js';

/** Everything that defines a VAE run; written to config.json with every default filled in. */
export interface VaeRunConfig {
  model: 'vae';
  preset: PresetName;
  /** 'mnist', 'fashion-mnist' or an absolute file path. */
  dataset: string;
  test?: string;
  testFraction?: number;
  /** Use only the first N training / test examples (quick runs, tests). */
  limitTrain?: number;
  limitTest?: number;
  architecture: VaeArchitecture;
  objective: ObjectiveSpec;
  epochs: number;
  batch: number;
  lr: number;
  adamEpsilon: number;
  seed: number;
  /** Seed of the fixed binarisation / dequantisation of the test set. */
  evalDataSeed: number;
  /** [height, width] of an example when the data are images (filled in from the data). */
  imageShape?: [number, number] | null;
}

export interface VaeData {
  dataset: Dataset;
  /** The test set as the decoder is scored on it (fixed binarisation / dequantisation). */
  testData: TestData;
}

function limitSplit(dataset: Dataset, which: 'train' | 'test', limit: number | undefined): void {
  const split = dataset[which];
  if (limit == null || limit >= split.n) return;
  dataset[which] = subset(split, dataset.dim, Int32Array.from({ length: limit }, (_, i) => i));
}

/** The run's data, with its limits applied. */
export function loadVaeData(config: VaeRunConfig): VaeData {
  const loaded = loadDataset(config.dataset, { test: config.test, testFraction: config.testFraction, seed: config.seed });
  const dataset: Dataset = { ...loaded };
  limitSplit(dataset, 'train', config.limitTrain);
  limitSplit(dataset, 'test', config.limitTest);
  const lik = likelihood(config.architecture.decoder, { varianceFloor: config.architecture.varianceFloor });
  return { dataset, testData: vaeTestData(dataset.test, dataset.dim, lik, dataset.eightBit, dataset.test.n, config.evalDataSeed) };
}

/** A user's dataset path as stored in config.json: absolute, so that eval works from any folder. */
export function datasetSpec(name: string): string {
  return name === 'mnist' || name === 'fashion-mnist' || isAbsolute(name) ? name : resolve(name);
}

export interface TrainVaeOptions {
  out: string;
  resume?: boolean;
  maxSeconds?: number;
  stream?: NodeJS.WriteStream;
}

export interface TrainedVae extends VaeData {
  vae: Vae;
  /** The configuration as written to config.json. */
  config: VaeRunConfig;
  fit: FitResult;
}

/** Trains (or resumes) a VAE run in `out`; config.json is written before the first step. */
export async function trainVae(config: VaeRunConfig, opts: TrainVaeOptions): Promise<TrainedVae> {
  if (!opts.resume) refuseFinishedRun(opts.out);
  const data = loadVaeData(config);
  const { dataset } = data;
  if (dataset.train.n < config.batch) {
    throw new DivergentInputError('--batch', `${config.batch} is larger than the ${dataset.train.n} training examples`);
  }
  config = { ...config, imageShape: dataset.imageShape };
  mkdirSync(opts.out, { recursive: true });
  writeRunConfig(opts.out, config);
  const vae = buildVae(config.architecture, dataset.dim, dataset.imageShape, new Rng(config.seed));
  const optimizer = makeAdam({ lr: config.lr, epsilon: config.adamEpsilon });
  const task = vaeTrainTask(vae, dataset.train, optimizer, {
    objective: config.objective,
    batch: config.batch,
    epochs: config.epochs,
    seed: config.seed,
    eightBit: dataset.eightBit,
    testData: data.testData,
  });
  const result = await fit(task, {
    runDir: opts.out,
    epochs: config.epochs,
    resume: opts.resume,
    maxSeconds: opts.maxSeconds,
    showMetrics: ['loss', 'elbo', 'kl'],
    stream: opts.stream,
  });
  optimizer.dispose();
  return { ...data, vae, fit: result, config };
}

/** The configuration and trained VAE of a run folder (its latest checkpoint). */
export async function loadTrainedVae(runDir: string): Promise<{ config: VaeRunConfig; vae: Vae }> {
  const config = readRunConfig<VaeRunConfig>(runDir);
  if (config.model !== 'vae') throw new DivergentInputError('DIR', `${runDir} holds a ${String(config.model)} run, not a VAE`);
  const dir = findCheckpoint(runDir);
  const encoder = await loadCheckpointModel(dir, 'encoder');
  const decoder = await loadCheckpointModel(dir, 'decoder');
  const a = config.architecture;
  const dataDim = (encoder.inputs[0].shape[1] as number) ?? 0;
  return { config, vae: new Vae(encoder, decoder, likelihood(a.decoder, { varianceFloor: a.varianceFloor }), a.latent, dataDim) };
}

/** What a user may set on top of a preset (the CLI's options, parsed). */
export interface VaeOverrides {
  preset?: string;
  dataset?: string;
  test?: string;
  testFraction?: number;
  limitTrain?: number;
  limitTest?: number;
  arch?: 'mlp' | 'conv';
  epochs?: number;
  batch?: number;
  lr?: number;
  latent?: number;
  hidden?: number[];
  activation?: Activation;
  decoder?: DecoderName;
  varianceFloor?: number;
  init?: InitName;
  beta?: number;
  anneal?: string;
  freeBits?: number;
  objective?: string;
  seed?: number;
}

/** The full configuration: the preset's values, overridden by whatever the user set. */
export function resolveVaeConfig(o: VaeOverrides): VaeRunConfig {
  const p = preset(o.preset ?? 'iwae');
  const kind = parseObjectiveKind(o.objective ?? 'elbo');
  let objective: ObjectiveSpec;
  if (kind.kind === 'iwae') {
    const extra = (['beta', 'anneal', 'freeBits'] as const).find((key) => o[key] !== undefined);
    if (extra) {
      const flag = { beta: '--beta', anneal: '--anneal', freeBits: '--free-bits' }[extra];
      throw new DivergentInputError(flag, `applies to the ELBO objective only; --objective ${o.objective} trains the IWAE bound`);
    }
    objective = kind;
  } else {
    const beta = o.beta ?? 1;
    const freeBits = o.freeBits ?? 0;
    if (!(beta >= 0)) throw new DivergentInputError('--beta', `must be >= 0, got ${beta}`);
    if (!(freeBits >= 0)) throw new DivergentInputError('--free-bits', `must be >= 0 nats, got ${freeBits}`);
    objective = { kind: 'elbo', beta, anneal: parseAnneal(o.anneal), freeBits };
  }
  const architecture: VaeArchitecture = {
    arch: o.arch ?? p.arch,
    hidden: o.hidden ?? p.hidden,
    filters: p.filters,
    latent: o.latent ?? p.latent,
    activation: o.activation ?? p.activation,
    decoder: o.decoder ?? p.decoder,
    init: o.init ?? p.init,
  };
  if (architecture.decoder === 'gaussian') architecture.varianceFloor = o.varianceFloor ?? DEFAULT_VARIANCE_FLOOR;
  else if (o.varianceFloor !== undefined) throw new DivergentInputError('--variance-floor', 'applies to --decoder gaussian only');
  return {
    model: 'vae',
    preset: (o.preset ?? 'iwae') as PresetName,
    dataset: datasetSpec(o.dataset ?? 'mnist'),
    ...(o.test !== undefined ? { test: datasetSpec(o.test) } : {}),
    ...(o.testFraction !== undefined ? { testFraction: o.testFraction } : {}),
    ...(o.limitTrain !== undefined ? { limitTrain: o.limitTrain } : {}),
    ...(o.limitTest !== undefined ? { limitTest: o.limitTest } : {}),
    architecture,
    objective,
    epochs: o.epochs ?? p.epochs,
    batch: o.batch ?? p.batch,
    lr: o.lr ?? p.lr,
    adamEpsilon: p.adamEpsilon,
    seed: o.seed ?? 0,
    evalDataSeed: EVAL_DATA_SEED,
  };
}
