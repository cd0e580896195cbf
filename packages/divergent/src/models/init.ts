// Weight initialisation schemes. 'tfjs-default' is what tf.layers does unasked (Glorot-uniform
// kernels, zero biases). 'torch-default' is PyTorch's nn.Linear / nn.Conv2d default
// (kaiming_uniform with a = sqrt(5), which works out to U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for
// kernels, and the same bound for biases): the comparison benchmark uses it so that ours and
// PyTorch's networks start from the same distribution and differ only in implementation.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import type { Rng } from '../random.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export const INIT_NAMES = ['tfjs-default', 'torch-default'] as const;
export type InitName = (typeof INIT_NAMES)[number];

export function parseInit(name: string): InitName {
  if (!(INIT_NAMES as readonly string[]).includes(name)) {
    throw new DivergentInputError('--init', `unknown initialisation "${name}"; valid: ${INIT_NAMES.join(', ')}`);
  }
  return name as InitName;
}

/** Initialiser arguments for a layer with the given fan-in (inputs per output unit). */
export function layerInit(
  init: InitName,
  fanIn: number,
  rng: Rng,
): { kernelInitializer: Initializer; biasInitializer: Initializer } {
  if (init === 'torch-default') {
    const bound = 1 / Math.sqrt(fanIn);
    return {
      kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: rng.seed() }),
      biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: rng.seed() }),
    };
  }
  return { kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seed() }), biasInitializer: tf.initializers.zeros() };
}
