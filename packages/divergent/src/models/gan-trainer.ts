// One GAN (or f-GAN) training step at a time: the discriminator ascends the objective's value
// on a real and a generated batch (with the configured stabilisers), then the generator
// descends its loss. The objective is a table entry (gan.ts, fgan.ts), so this file knows
// nothing about which divergence is being minimised.
import * as tf from '@tensorflow/tfjs';
import { Rng, type RngState } from '../random.js';
import { makeAdam } from '../train/optimizer.js';
import { fGan } from './fgan.js';
import { discriminatorLoss, ganObjectives, type AdversarialObjective } from './gan.js';
import type { GanConfig } from './gan-config.js';
import type { GanData } from './gan-data.js';
import { buildDiscriminator, criticScores, r1Penalty } from './discriminator.js';
import { updateSpectralNorms } from './discriminator-spectral.js';
import { buildGenerator, generate } from './generator.js';

/** The objective a config names. */
export function objectiveFor(c: GanConfig): AdversarialObjective {
  return c.loss === 'f' ? fGan(c.divergence ?? 'js', { saturating: c.saturating }) : ganObjectives[c.loss];
}

/** The metrics of one step, as metrics.jsonl names them. */
export interface GanStepMetrics {
  d_loss: number;
  g_loss: number;
  /** The critic's value of the objective: its estimate of the divergence (scaled as the objective states). */
  divergence_estimate: number;
  /** Mean critic output on real and generated batches (sigmoid(v) for GANs, g_f(v) for f-GANs). */
  d_real: number;
  d_fake: number;
  [key: string]: number;
}

export class GanTrainer {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
  readonly gOptimizer: tf.Optimizer;
  readonly dOptimizer: tf.Optimizer;
  readonly objective: AdversarialObjective;
  private rng: Rng;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];

  constructor(
    readonly config: GanConfig,
    readonly data: GanData,
  ) {
    const c = config;
    const init = new Rng(c.seed);
    const imageShape = data.imageShape;
    this.generator = buildGenerator({ arch: c.arch, latentDim: c.latentDim, outDim: data.dim, hidden: c.gHidden, imageShape, filters: c.filters, rng: init });
    this.discriminator = buildDiscriminator({
      arch: c.arch,
      sampleDim: data.dim,
      pack: c.pack,
      hidden: c.dHidden,
      imageShape,
      filters: c.filters,
      spectralNorm: c.spectralNorm,
      rng: init,
    });
    this.gOptimizer = makeAdam({ lr: c.lr, beta1: c.beta1, beta2: c.beta2 });
    this.dOptimizer = makeAdam({ lr: c.lrD, beta1: c.beta1, beta2: c.beta2 });
    this.objective = objectiveFor(c);
    this.rng = new Rng(init.seed());
    this.gVars = this.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    this.dVars = this.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  private noise(batch: number): tf.Tensor2D {
    return tf.randomNormal([batch, this.config.latentDim], 0, 1, 'float32', this.rng.seed());
  }

  /** Instance noise std at a step: linear from its initial value to 0 at instanceNoiseSteps. */
  private noiseStd(step: number): number {
    return this.config.instanceNoise * Math.max(0, 1 - (step - 1) / this.config.instanceNoiseSteps);
  }

  private blur(x: tf.Tensor, std: number): tf.Tensor {
    return std > 0 ? tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', this.rng.seed())) : x;
  }

  /** One discriminator update; returns [d_loss, value, d_real, d_fake] as tensors. */
  private discriminatorStep(step: number): tf.Tensor[] {
    const c = this.config;
    if (c.spectralNorm) updateSpectralNorms(this.discriminator);
    return tf.tidy(() => {
      const std = this.noiseStd(step);
      const real = this.blur(this.data.nextReal(c.batch), std);
      const fake = this.blur(generate(this.generator, this.noise(c.batch), this.data.squash), std);
      let reported: tf.Tensor[] = [];
      const loss = this.dOptimizer.minimize(
        () => {
          const vReal = criticScores(this.discriminator, real, c.pack);
          const vFake = criticScores(this.discriminator, fake, c.pack);
          const value = this.objective.value(vReal, vFake);
          reported = [value, tf.mean(this.objective.output(vReal)), tf.mean(this.objective.output(vFake))].map((t) => tf.keep(t));
          const dLoss = discriminatorLoss(this.objective, vReal, vFake);
          return c.r1 > 0 ? tf.add(dLoss, r1Penalty(this.discriminator, real, c.pack, c.r1)) : dLoss;
        },
        true,
        this.dVars,
      ) as tf.Scalar;
      return [loss, ...reported];
    });
  }

  private generatorStep(step: number): tf.Scalar {
    const c = this.config;
    return tf.tidy(() => {
      const z = this.noise(c.batch);
      const std = this.noiseStd(step);
      return this.gOptimizer.minimize(
        () => this.objective.generatorLoss(criticScores(this.discriminator, this.blur(generate(this.generator, z, this.data.squash), std), c.pack)),
        true,
        this.gVars,
      ) as tf.Scalar;
    });
  }

  /**
   * Linear learning-rate decay: late in training the game's oscillation shrinks with the step
   * size, so the generator settles on the modes instead of circling between them. Both
   * tfjs's Adam and the native one read `learningRate` at every update.
   */
  private scheduleLearningRates(step: number): void {
    const { lrDecaySteps, lr, lrD } = this.config;
    if (lrDecaySteps === 0) return;
    const f = Math.max(0, 1 - (step - 1) / lrDecaySteps);
    (this.gOptimizer as unknown as { learningRate: number }).learningRate = lr * f;
    (this.dOptimizer as unknown as { learningRate: number }).learningRate = lrD * f;
  }

  /** Generator step `step` (from 1), preceded by config.dSteps discriminator steps. */
  step(step: number): GanStepMetrics {
    this.scheduleLearningRates(step);
    let d: tf.Tensor[] = [];
    for (let k = 0; k < this.config.dSteps; k++) {
      tf.dispose(d);
      d = this.discriminatorStep(step);
    }
    const g = this.generatorStep(step);
    const all = tf.stack([d[0], g, d[1], d[2], d[3]]);
    const [dLoss, gLoss, value, dReal, dFake] = all.dataSync();
    tf.dispose([...d, g, all]);
    return { d_loss: dLoss, g_loss: gLoss, divergence_estimate: value, d_real: dReal, d_fake: dFake };
  }

  /** n generated samples, row-major, drawn with their own seed so evaluation never moves the training stream. */
  sample(n: number, seed: number): Float32Array {
    return tf.tidy(() => {
      const z = tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', seed);
      // A copy: a backend may reuse a disposed tensor's storage.
      return (generate(this.generator, z, this.data.squash).dataSync() as Float32Array).slice();
    });
  }

  state(): { rng: RngState; data: unknown } {
    return { rng: this.rng.state(), data: this.data.state() };
  }

  restoreState(s: { rng: RngState; data: unknown }): void {
    this.rng = Rng.fromState(s.rng);
    this.data.restore(s.data);
  }

  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
    this.gOptimizer.dispose();
    this.dOptimizer.dispose();
  }
}
