// The GAN discriminator (the f-GAN critic): a sample -> one raw score v(x), read as a logit
// by the GAN losses and passed through g_f by the f-GAN ones. Leaky ReLU(0.2) hidden units
// (Radford et al. 2016) keep gradients flowing to the generator where the critic is flat.
//
// Packing (PacGAN, Lin et al. 2018): the critic judges m samples at once, all real or all
// generated, concatenated into one input of m times the width. A collapsed generator's packs
// look nothing like real packs (too little variety inside each), which the critic can see and
// penalise. The trainer reshapes [B, d] batches into [B/m, m·d]; the conv critic stacks a
// pack's images as channels.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
// Leaky ReLU's gradient selects with Greater(x, 0), which tfjs gives no gradient; the R1 penalty
// differentiates that gradient again, so it needs comparisons to have their (zero) gradient.
import '../numerics/comparison-gradients.js';
import type { Rng } from '../random.js';
import { SpectralDense } from './discriminator-spectral.js';
import type { Architecture } from './generator.js';

export interface DiscriminatorSpec {
  arch: Architecture;
  /** Values per sample (2 for points, 784 for MNIST). */
  sampleDim: number;
  /** Samples per pack (1 = no packing). */
  pack: number;
  /** MLP hidden sizes. */
  hidden: number[];
  /** Conv: [height, width, channels] and the channels of each stride-2 convolution. */
  imageShape?: [number, number, number];
  filters?: number[];
  /** Divide each dense kernel by its spectral norm. */
  spectralNorm: boolean;
  rng: Rng;
}

const LEAK = 0.2;
const KERNEL = 4;

function dense(name: string, units: number, spec: DiscriminatorSpec): tf.layers.Layer {
  const seed = spec.rng.seed();
  return spec.spectralNorm
    ? new SpectralDense({ name, units, seed })
    : tf.layers.dense({ name, units, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
}

/** Images of a pack, flat [m·h·w·c], -> one [h, w, m·c] stack of channels. */
function stackPack(input: tf.SymbolicTensor, spec: DiscriminatorSpec, imageShape: [number, number, number]): tf.SymbolicTensor {
  const [h, w, c] = imageShape;
  let x = tf.layers.reshape({ name: 'critic_pack', targetShape: [spec.pack, h * w * c] }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.permute({ name: 'critic_pack_last', dims: [2, 1] }).apply(x) as tf.SymbolicTensor;
  return tf.layers.reshape({ name: 'critic_image', targetShape: [h, w, c * spec.pack] }).apply(x) as tf.SymbolicTensor;
}

export function buildDiscriminator(spec: DiscriminatorSpec): tf.LayersModel {
  if (!Number.isInteger(spec.pack) || spec.pack < 1) throw new DivergentInputError('--pack', `expected a positive integer, got ${spec.pack}`);
  const input = tf.input({ shape: [spec.sampleDim * spec.pack], name: 'critic_input' });
  let x: tf.SymbolicTensor = input;
  if (spec.arch === 'conv') {
    if (spec.spectralNorm) {
      throw new DivergentInputError('--spectral-norm', 'spectral normalisation is implemented for the MLP discriminator only; use --arch mlp');
    }
    x = stackPack(input, spec, spec.imageShape as [number, number, number]);
    (spec.filters ?? [64, 128]).forEach((filters, i) => {
      x = tf.layers
        .conv2d({ name: `critic_conv${i + 1}`, filters, kernelSize: KERNEL, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: spec.rng.seed() }) })
        .apply(x) as tf.SymbolicTensor;
      x = tf.layers.leakyReLU({ alpha: LEAK }).apply(x) as tf.SymbolicTensor;
    });
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  } else {
    spec.hidden.forEach((units, i) => {
      x = dense(`critic_dense${i + 1}`, units, spec).apply(x) as tf.SymbolicTensor;
      x = tf.layers.leakyReLU({ alpha: LEAK }).apply(x) as tf.SymbolicTensor;
    });
  }
  const v = dense('critic_out', 1, spec).apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'discriminator', inputs: input, outputs: v });
}

/** v(x) for a batch of samples [B, d], packed into [B/m, m·d] first; returns [B/m]. */
export function criticScores(discriminator: tf.LayersModel, x: tf.Tensor, pack: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [b, d] = x.shape;
    const out = discriminator.apply(tf.reshape(x, [b / pack, d * pack])) as tf.Tensor;
    return tf.reshape(out, [b / pack]) as tf.Tensor1D;
  });
}

/**
 * The R1 gradient penalty γ/2 · E_packs[|∇_x v(x)|²] on real samples (Mescheder, Geiger and
 * Nowozin 2018, "Which Training Methods for GANs do actually Converge?"): it pushes the critic
 * to be flat on the data, which damps the oscillation around the equilibrium.
 */
export function r1Penalty(discriminator: tf.LayersModel, real: tf.Tensor, pack: number, gamma: number): tf.Scalar {
  return tf.tidy(() => {
    const grad = tf.grad((x: tf.Tensor) => tf.sum(criticScores(discriminator, x, pack)))(real);
    return tf.mul(gamma / 2 / (real.shape[0] / pack), tf.sum(tf.square(grad))) as tf.Scalar;
  });
}
