// The VAE as a task for the shared training loop: each step draws a batch (shuffled,
// dynamically binarised or dequantised), takes one optimizer step on the chosen objective,
// and reports the batch's loss, ELBO and KL; each epoch ends with the test ELBO.
import * as tf from '@tensorflow/tfjs';
import { BatchIterator, type Batch, type BatchIteratorState } from '../data/batches.js';
import type { DataSplit } from '../data/dataset.js';
import { evaluateElbo } from '../eval/elbo.js';
import { dequantize, type TestData } from '../eval/vae-test-data.js';
import type { Vae } from '../models/vae.js';
import {
  batchElbo, keepElboOutputs, objectiveTerms, plainElboKlWeight, samplesFor, type ElboOutputs, type ObjectiveSpec, type StepContext,
} from '../models/vae-objectives.js';
import { Rng, type RngState } from '../random.js';
import type { CheckpointState } from './checkpoint.js';
import type { TrainTask } from './loop.js';

export interface VaeTaskOptions {
  objective: ObjectiveSpec;
  batch: number;
  epochs: number;
  seed: number;
  /** Training examples are 8-bit (dequantised for continuous decoders). */
  eightBit: boolean;
  /** Scored after each epoch (test_elbo); null skips it. */
  testData: TestData | null;
}

/** A step's metrics: the loss minimised, the batch's ELBO and KL (per example). */
type StepResult = { loss: number; elbo: number; kl: number };

export function vaeTrainTask(vae: Vae, train: DataSplit, optimizer: tf.Optimizer, opts: VaeTaskOptions): TrainTask {
  const seeds = new Rng(opts.seed);
  const binary = vae.likelihood.data === 'binary';
  // Each step turns its batch into a tensor and disposes it before the next, so one array serves every batch.
  const batchOptions = { batchSize: opts.batch, seed: seeds.nextUint32(), binarize: binary, reuseArrays: true };
  let batches = new BatchIterator(train, batchOptions);
  let noise = new Rng(seeds.nextUint32());
  let dequantizeRng = new Rng(seeds.nextUint32());
  const dequant = !binary && opts.eightBit;
  const { k, logWeights, klPerDim } = samplesFor(opts.objective);
  const totalSteps = opts.epochs * batches.batchesPerEpoch;
  let epochBatches: Generator<Batch> = batches.epochBatches();
  // The same variables every step (a resume assigns their values); collecting them walks both models' layers.
  const variables = vae.variables;

  function nextBatch(): Batch {
    let r = epochBatches.next();
    if (r.done) {
      epochBatches = batches.epochBatches();
      r = epochBatches.next();
    }
    return r.value as Batch;
  }

  // A plain, β or annealed ELBO: the model gives the loss's gradients itself, without the
  // tape's bookkeeping (a tenth of an MNIST step), the same values as minimize's; null when it cannot.
  function directStep(x: tf.Tensor, seed: number, ctx: StepContext): StepResult | null {
    const klWeight = plainElboKlWeight(opts.objective, ctx);
    if (klWeight == null) return null;
    const g = vae.elboGradients(x, { seed, klWeight });
    if (g == null) return null;
    optimizer.applyGradients(g.grads);
    const { elbo, kl } = batchElbo(g);
    tf.dispose([g.reconstruction, g.kl, ...Object.values(g.grads)]);
    const reconstruction = -elbo - kl;
    return { loss: reconstruction + klWeight * kl, elbo, kl };
  }

  function tapedStep(x: tf.Tensor, seed: number, ctx: StepContext): StepResult {
    // The logged ELBO and KL are computed after the step, off the gradient tape, from the
    // per-example terms kept past it: on the tape each op would cost its bookkeeping.
    let kept: ElboOutputs | null = null;
    const loss = optimizer.minimize(
      () => {
        // The objectives read mu and logvar only through klPerDim: no other gradient flows through the latents.
        const out = vae.forward(x, { k, logWeights, klPerDim, seed, latentGradients: false });
        kept = keepElboOutputs(out);
        return objectiveTerms(out, opts.objective, ctx).loss;
      },
      true,
      variables,
    )!;
    const { elbo, kl } = batchElbo(kept!);
    const l = loss.dataSync()[0];
    tf.dispose([loss, ...Object.values(kept!)]);
    return { loss: l, elbo, kl };
  }

  return {
    stepsPerEpoch: batches.batchesPerEpoch,
    models: { encoder: vae.encoder, decoder: vae.decoder },
    optimizers: { optimizer },
    startEpoch() {
      // The iterator keeps its own position; a partial epoch (a time-bounded run) just continues.
    },
    step(step) {
      const b = nextBatch();
      if (dequant) dequantize(b.x, dequantizeRng, b.x);
      const x = tf.tensor2d(b.x, [b.size, vae.dataDim]);
      const seed = noise.seed();
      const ctx = { step, totalSteps };
      const result = directStep(x, seed, ctx) ?? tapedStep(x, seed, ctx);
      x.dispose();
      return result;
    },
    endEpoch(): Record<string, number> {
      if (opts.testData == null) return {};
      return { test_elbo: evaluateElbo(vae, opts.testData, { seed: 0 }).elbo };
    },
    state: () => ({ batches: batches.state(), noise: noise.state(), dequantize: dequantizeRng.state() }),
    restoreState(state: CheckpointState) {
      batches = new BatchIterator(train, batchOptions, state.batches as BatchIteratorState);
      epochBatches = batches.epochBatches();
      noise = Rng.fromState(state.noise as RngState);
      dequantizeRng = Rng.fromState(state.dequantize as RngState);
    },
  };
}
