// Where a GAN's real batches come from: a 2-D toy sampler or the MNIST training set. Both keep
// their position in a JSON state so that a resumed run draws exactly the batches the
// uninterrupted run would have drawn.
import * as tf from '@tensorflow/tfjs';
import { BatchIterator, type Batch, type BatchIteratorState } from '../data/batches.js';
import { loadMnist } from '../data/mnist.js';
import { toy2d, type Toy2d } from '../data/toy2d.js';
import { Rng, type RngState } from '../random.js';
import type { OutputSquash } from './generator.js';

export interface GanData {
  /** Values per sample. */
  readonly dim: number;
  /** How the generator's output is mapped onto the sample space. */
  readonly squash: OutputSquash;
  /** [height, width, channels] for images. */
  readonly imageShape?: [number, number, number];
  /** The 2-D target, for toys. */
  readonly toy?: Toy2d;
  nextReal(batch: number): tf.Tensor2D;
  state(): unknown;
  restore(state: unknown): void;
}

function toyData(toy: Toy2d, seed: number): GanData {
  let rng = new Rng(seed);
  return {
    dim: 2,
    squash: 'none',
    toy,
    nextReal: (batch) => tf.tensor2d(toy.sample(batch, rng), [batch, 2]),
    state: () => rng.state(),
    restore: (s) => {
      rng = Rng.fromState(s as RngState);
    },
  };
}

function mnistData(batchSize: number, seed: number): GanData {
  const split = loadMnist().train;
  const options = { batchSize, seed, dropRemainder: true };
  let it = new BatchIterator(split, options);
  let batches: Generator<Batch> = it.epochBatches();
  return {
    dim: 784,
    squash: 'sigmoid',
    imageShape: [28, 28, 1],
    nextReal: (batch) => {
      let next = batches.next();
      if (next.done) {
        batches = it.epochBatches();
        next = batches.next();
      }
      return tf.tensor2d(next.value.x, [batch, 784]);
    },
    state: () => it.state(),
    restore: (s) => {
      it = new BatchIterator(split, options, s as BatchIteratorState);
      batches = it.epochBatches();
    },
  };
}

/** Seeds of a run's real batches and of its evaluation draws, apart from the trainer's own stream. */
export function dataSeed(seed: number): number {
  return (seed * 2 + 1) >>> 0;
}
export function evalSeed(seed: number, step: number): number {
  return (seed * 7919 + step) >>> 0;
}

/** The real data of a run; the seed fixes the order of its batches. */
export function ganData(dataset: string, batchSize: number, seed: number): GanData {
  return dataset === 'mnist' ? mnistData(batchSize, seed) : toyData(toy2d(dataset), seed);
}
