// Network builders shared by the VAE and the GAN: an MLP trunk with any number of linear
// heads, and a small convolutional encoder / decoder for 28x28-like images. Every builder
// returns a tf.LayersModel (so it saves as model.json + weights a browser can load), takes
// its initialisation scheme and draws every initial weight from the given Rng.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import type { Rng } from '../random.js';
import { layerInit, type InitName } from './init.js';

export const ACTIVATIONS = ['tanh', 'relu', 'elu', 'sigmoid', 'selu', 'softplus', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function parseActivation(name: string): Activation {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    throw new DivergentInputError('--activation', `unknown activation "${name}"; valid: ${ACTIVATIONS.join(', ')}`);
  }
  return name as Activation;
}

/** A linear output of the network. */
export interface Head {
  name: string;
  units: number;
  /** Applied to the head's output (default linear). */
  activation?: Activation;
}

export interface MlpSpec {
  /** Prefix of every layer name (also the model's name), e.g. 'encoder'. */
  name: string;
  inputDim: number;
  hidden: number[];
  activation: Activation;
  heads: Head[];
  init: InitName;
  rng: Rng;
}

function checkSizes(argument: string, sizes: number[]): void {
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new DivergentInputError(argument, `size ${i} is ${s}; layer sizes must be positive integers`);
  });
}

function denseLayer(name: string, units: number, fanIn: number, activation: Activation, init: InitName, rng: Rng): tf.layers.Layer {
  return tf.layers.dense({ name, units, activation, ...layerInit(init, fanIn, rng) });
}

function applyHeads(prefix: string, trunk: tf.SymbolicTensor, fanIn: number, heads: Head[], init: InitName, rng: Rng): tf.SymbolicTensor[] {
  return heads.map(
    (h) => denseLayer(`${prefix}_${h.name}`, h.units, fanIn, h.activation ?? 'linear', init, rng).apply(trunk) as tf.SymbolicTensor,
  );
}

/** An MLP: inputDim -> hidden... (activation) -> one linear layer per head. */
export function mlp(spec: MlpSpec): tf.LayersModel {
  checkSizes('hidden', [spec.inputDim, ...spec.hidden, ...spec.heads.map((h) => h.units)]);
  const input = tf.input({ shape: [spec.inputDim], name: `${spec.name}_input` });
  let h: tf.SymbolicTensor = input;
  let fanIn = spec.inputDim;
  spec.hidden.forEach((units, i) => {
    h = denseLayer(`${spec.name}_dense${i + 1}`, units, fanIn, spec.activation, spec.init, spec.rng).apply(h) as tf.SymbolicTensor;
    fanIn = units;
  });
  return tf.model({ name: spec.name, inputs: input, outputs: applyHeads(spec.name, h, fanIn, spec.heads, spec.init, spec.rng) });
}

export interface ConvSpec {
  name: string;
  /** [height, width, channels]; height and width divisible by 2^filters.length. */
  imageShape: [number, number, number];
  /** Channels of each stride-2 convolution (encoder order; the decoder mirrors them). */
  filters: number[];
  activation: Activation;
  init: InitName;
  rng: Rng;
}

const KERNEL = 4;

function checkImage(spec: ConvSpec): [number, number] {
  checkSizes('filters', spec.filters);
  const [h, w] = spec.imageShape;
  const f = 2 ** spec.filters.length;
  if (h % f !== 0 || w % f !== 0) {
    throw new DivergentInputError('imageShape', `${h}x${w} is not divisible by ${f} (one halving per conv layer); use fewer filters`);
  }
  return [h / f, w / f];
}

/** A stride-2 KERNEL x KERNEL 'same' convolution's (or transposed convolution's) arguments, initialised for `fanIn`. */
function stride2ConvArgs(name: string, filters: number, activation: Activation, fanIn: number, init: InitName, rng: Rng) {
  return { name, filters, kernelSize: KERNEL, strides: 2, padding: 'same' as const, activation, ...layerInit(init, fanIn, rng) };
}

/**
 * Conv encoder: flat input [B, h*w*c] -> reshape -> stride-2 4x4 convolutions -> flatten ->
 * linear heads. Flat in and out, like the MLP, so the two are interchangeable.
 */
export function convEncoder(spec: ConvSpec & { heads: Head[] }): tf.LayersModel {
  checkImage(spec);
  const [h, w, c] = spec.imageShape;
  const input = tf.input({ shape: [h * w * c], name: `${spec.name}_input` });
  let x = tf.layers.reshape({ name: `${spec.name}_image`, targetShape: spec.imageShape }).apply(input) as tf.SymbolicTensor;
  let channels = c;
  spec.filters.forEach((f, i) => {
    x = tf.layers
      .conv2d(stride2ConvArgs(`${spec.name}_conv${i + 1}`, f, spec.activation, channels * KERNEL * KERNEL, spec.init, spec.rng))
      .apply(x) as tf.SymbolicTensor;
    channels = f;
  });
  const flat = tf.layers.flatten({ name: `${spec.name}_flatten` }).apply(x) as tf.SymbolicTensor;
  const fanIn = (flat.shape[1] as number) ?? 0;
  return tf.model({ name: spec.name, inputs: input, outputs: applyHeads(spec.name, flat, fanIn, spec.heads, spec.init, spec.rng) });
}

/**
 * Conv decoder: [B, inputDim] -> dense to the smallest feature map -> stride-2 transposed
 * convolutions -> `outChannels` maps of h x w -> flattened channel by channel ([B, outChannels*h*w]:
 * all of channel 0, then all of channel 1, ...), the layout an MLP's concatenated heads give.
 */
export function convDecoder(spec: ConvSpec & { inputDim: number; outChannels: number }): tf.LayersModel {
  const [h0, w0] = checkImage(spec);
  const [h, w] = spec.imageShape;
  const rev = [...spec.filters].reverse();
  const input = tf.input({ shape: [spec.inputDim], name: `${spec.name}_input` });
  let x = denseLayer(`${spec.name}_dense`, h0 * w0 * rev[0], spec.inputDim, spec.activation, spec.init, spec.rng).apply(input) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: `${spec.name}_map`, targetShape: [h0, w0, rev[0]] }).apply(x) as tf.SymbolicTensor;
  const outs = [...rev.slice(1), spec.outChannels];
  outs.forEach((f, i) => {
    const last = i === outs.length - 1;
    x = tf.layers
      // PyTorch's ConvTranspose2d counts its fan-in over output channels (weight dim 1).
      .conv2dTranspose(stride2ConvArgs(`${spec.name}_deconv${i + 1}`, f, last ? 'linear' : spec.activation, f * KERNEL * KERNEL, spec.init, spec.rng))
      .apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.permute({ name: `${spec.name}_channels_first`, dims: [3, 1, 2] }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ name: `${spec.name}_flat`, targetShape: [spec.outChannels * h * w] }).apply(x) as tf.SymbolicTensor;
  return tf.model({ name: spec.name, inputs: input, outputs: out });
}
