// The GAN generator: latent noise z ~ N(0, I) -> a sample. Built from the shared network
// builders (an MLP for every dataset; a DCGAN-style stack of stride-2 transposed convolutions
// as the option for images). The network's output is linear; the data's own squashing (a
// sigmoid onto [0, 1] pixels for MNIST, nothing for 2-D points) is applied by `generate`, so
// that the saved model is the plain network.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random.js';
import { convDecoder, mlp } from './networks.js';

export const ARCHITECTURES = ['mlp', 'conv'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface GeneratorSpec {
  arch: Architecture;
  latentDim: number;
  /** Values per sample (2 for points, 784 for MNIST). */
  outDim: number;
  /** MLP hidden sizes. */
  hidden: number[];
  /** Conv: [height, width, channels] of the images and the channels per resolution (coarsest last). */
  imageShape?: [number, number, number];
  filters?: number[];
  rng: Rng;
}

export function buildGenerator(spec: GeneratorSpec): tf.LayersModel {
  if (spec.arch === 'conv') {
    const imageShape = spec.imageShape as [number, number, number];
    return convDecoder({
      name: 'generator',
      inputDim: spec.latentDim,
      imageShape,
      filters: spec.filters ?? [64, 128],
      outChannels: imageShape[2],
      activation: 'relu',
      init: 'tfjs-default',
      rng: spec.rng,
    });
  }
  return mlp({
    name: 'generator',
    inputDim: spec.latentDim,
    hidden: spec.hidden,
    activation: 'relu',
    heads: [{ name: 'out', units: spec.outDim }],
    init: 'tfjs-default',
    rng: spec.rng,
  });
}

/** How a dataset maps the generator's linear output onto its sample space. */
export type OutputSquash = 'none' | 'sigmoid';

/** G(z): the generator's samples for a batch of latent codes. */
export function generate(generator: tf.LayersModel, z: tf.Tensor, squash: OutputSquash): tf.Tensor2D {
  return tf.tidy(() => {
    const out = generator.apply(z) as tf.Tensor | tf.Tensor[];
    const x = (Array.isArray(out) ? out[0] : out) as tf.Tensor2D;
    return squash === 'sigmoid' ? tf.sigmoid(x) : x;
  });
}
