// Everything `divergent eval` reports about a trained VAE, in one object: test ELBO, NLL by
// importance sampling, bits per dimension, KL per latent dimension, active units, I(x; z),
// and a plain warning when the posterior has collapsed.
//
// Conventions: per-example values in nats; ELBO values are negative (log-likelihood bounds),
// NLL positive for discrete data (for continuous decoders it is a density and may be negative;
// bits/dim then adds the dequantisation's ln 256 per dimension).
import type { Vae } from '../models/vae.js';
import { countActiveUnits } from './active-units.js';
import { evaluateElbo } from './elbo.js';
import { mutualInformation } from './mutual-info.js';
import { DEFAULT_NLL_K, importanceSampledLogLikelihood, mean } from './nll.js';
import { bitsPerDim, type TestData } from './vae-test-data.js';

export interface VaeEvaluation {
  test_elbo: number;
  test_nll: number;
  bits_per_dim: number;
  active_units: number;
  mutual_information: number;
  nll_k: number;
  n_test: number;
  latent_dim: number;
  kl: number;
  kl_per_dim: number[];
  /** Present when the posterior collapsed: what was seen and what to try. */
  collapse_warning?: string;
}

export interface EvaluateOptions {
  nllK?: number;
  seed?: number;
  onNllProgress?: (done: number, total: number) => void;
}

/** A posterior counts as collapsed when fewer than a tenth of the latent units are active, or the KL is below this (nats). */
export const COLLAPSE_KL = 0.5;

export function collapseWarning(activeUnits: number, latentDim: number, kl: number): string | undefined {
  if (activeUnits >= Math.max(1, latentDim / 10) && kl >= COLLAPSE_KL) return undefined;
  return (
    `posterior collapse: ${activeUnits} of ${latentDim} latent units are active and the KL is ${kl.toFixed(3)} nats, ` +
    'so the decoder mostly ignores z. Try KL annealing (--anneal linear:10000), free bits (--free-bits 0.5) or a smaller --beta.'
  );
}

/** Where `eval` and `start` keep their numbers in the run folder (the report shows them). */
export const EVALUATION_FILE = 'evaluation.json';

export function evaluateVae(vae: Vae, data: TestData, options: EvaluateOptions = {}): VaeEvaluation {
  const seed = options.seed ?? 0;
  const nllK = options.nllK ?? DEFAULT_NLL_K;
  const elbo = evaluateElbo(vae, data, { seed });
  const logLik = importanceSampledLogLikelihood(vae, data, { k: nllK, seed: seed + 1, onProgress: options.onNllProgress });
  const nll = -mean(logLik);
  const active = countActiveUnits(elbo.posteriorMeanVariance);
  const result: VaeEvaluation = {
    test_elbo: elbo.elbo,
    test_nll: nll,
    bits_per_dim: bitsPerDim(nll, data.dim, data.dequantized),
    active_units: active,
    mutual_information: mutualInformation(vae, data, { seed: seed + 2 }),
    nll_k: nllK,
    n_test: data.n,
    latent_dim: vae.latentDim,
    kl: elbo.kl,
    kl_per_dim: elbo.klPerDim,
  };
  const warning = collapseWarning(active, vae.latentDim, elbo.kl);
  if (warning) result.collapse_warning = warning;
  return result;
}
