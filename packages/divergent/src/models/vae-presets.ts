// Named VAE configurations and the builder that turns an architecture into a Vae.
//
//   iwae             784-200-200-50, tanh, Bernoulli: the one-stochastic-layer net of Burda et
//                    al. (2016), trained with Adam (lr 1e-3, ε 1e-4) in batches of 100.
//   pytorch-example  784-400-20, relu: the VAE of the PyTorch examples repository.
//   article          encoder 784-128-64-32 and latent 16, the Keras example this project
//                    started from, done right: separate μ and log-variance heads, the
//                    reparameterised sample, and a proper Bernoulli likelihood.
//
// The decoder mirrors the encoder's hidden sizes. Every preset trains the plain ELBO.
import { DivergentInputError } from '../errors.js';
import type { Rng } from '../random.js';
import type { InitName } from './init.js';
import { convDecoder, convEncoder, mlp, type Activation } from './networks.js';
import { Vae } from './vae.js';
import { likelihood, type DecoderName } from './vae-likelihoods.js';

export interface VaeArchitecture {
  /** 'mlp', or 'conv' (stride-2 convolutions over square images; `hidden` is then unused). */
  arch: 'mlp' | 'conv';
  /** Encoder hidden sizes; the decoder uses them in reverse. */
  hidden: number[];
  /** Channels of the conv variant's stride-2 layers. */
  filters: number[];
  latent: number;
  activation: Activation;
  decoder: DecoderName;
  /** The Gaussian decoder's variance floor. */
  varianceFloor?: number;
  init: InitName;
}

export interface VaePreset extends VaeArchitecture {
  batch: number;
  lr: number;
  /** Adam's ε. */
  adamEpsilon: number;
  epochs: number;
}

export const PRESET_NAMES = ['iwae', 'pytorch-example', 'article'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const common: Pick<VaePreset, 'arch' | 'filters' | 'decoder' | 'init' | 'lr' | 'epochs'> = {
  arch: 'mlp',
  filters: [32, 64],
  decoder: 'bernoulli',
  init: 'tfjs-default',
  lr: 1e-3,
  epochs: 10,
};

export const VAE_PRESETS: Record<PresetName, VaePreset> = {
  iwae: { ...common, hidden: [200, 200], latent: 50, activation: 'tanh', batch: 100, adamEpsilon: 1e-4 },
  'pytorch-example': { ...common, hidden: [400], latent: 20, activation: 'relu', batch: 128, adamEpsilon: 1e-8 },
  article: { ...common, hidden: [128, 64, 32], latent: 16, activation: 'relu', batch: 128, adamEpsilon: 1e-7 },
};

export function preset(name: string): VaePreset {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new DivergentInputError('--preset', `unknown preset "${name}"; valid: ${PRESET_NAMES.join(', ')}`);
  }
  const p = VAE_PRESETS[name as PresetName];
  return { ...p, hidden: [...p.hidden], filters: [...p.filters] };
}

/** Builds a VAE for examples of `dataDim` values (`imageShape` [h, w] needed by the conv variant). */
export function buildVae(a: VaeArchitecture, dataDim: number, imageShape: [number, number] | null, rng: Rng): Vae {
  const lik = likelihood(a.decoder, { varianceFloor: a.varianceFloor });
  const heads = [
    { name: 'mu', units: a.latent },
    { name: 'logvar', units: a.latent },
  ];
  const outUnits = lik.paramsPerPixel * dataDim;
  if (a.arch === 'conv') {
    if (imageShape == null || imageShape[0] * imageShape[1] !== dataDim) {
      throw new DivergentInputError('--arch', `conv needs image-shaped examples; these have ${dataDim} values and no [height, width]`);
    }
    const image: [number, number, number] = [imageShape[0], imageShape[1], 1];
    const conv = { imageShape: image, filters: a.filters, activation: a.activation, init: a.init, rng };
    const encoder = convEncoder({ ...conv, name: 'encoder', heads });
    const decoder = convDecoder({ ...conv, name: 'decoder', inputDim: a.latent, outChannels: lik.paramsPerPixel });
    return new Vae(encoder, decoder, lik, a.latent, dataDim);
  }
  const encoder = mlp({ name: 'encoder', inputDim: dataDim, hidden: a.hidden, activation: a.activation, heads, init: a.init, rng });
  const decoder = mlp({
    name: 'decoder',
    inputDim: a.latent,
    hidden: [...a.hidden].reverse(),
    activation: a.activation,
    heads: [{ name: 'params', units: outUnits }],
    init: a.init,
    rng,
  });
  return new Vae(encoder, decoder, lik, a.latent, dataDim);
}
