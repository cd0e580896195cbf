// The variational autoencoder.
//
//   Kingma & Welling (2014), "Auto-Encoding Variational Bayes"; Rezende, Mohamed & Wierstra (2014).
//   Burda, Grosse & Salakhutdinov (2016), "Importance Weighted Autoencoders".
//
//   encoder   q(z|x) = N(z; μ(x), diag exp(logvar(x)))          (two linear heads on one trunk)
//   prior     p(z)   = N(0, I)
//   decoder   p(x|z) = Bernoulli | ContinuousBernoulli | Gaussian  (vae-likelihoods.ts)
//   sample    z = μ + exp(logvar/2)·ε,  ε ~ N(0, I)              (reparameterisation)
//
//   ELBO(x)  = E_q[log p(x|z)] - KL(q(z|x) ‖ p(z))   ≤ log p(x)
//              the KL in closed form, from the distributions registry: KL(Normal ‖ Normal)
//   L_k(x)   = E[ log (1/k) Σ_i w_i ],  w_i = p(x, z_i) / q(z_i|x),  z_i ~ q(z|x)
//              ELBO = L_1 ≤ L_k ≤ L_{k+1} ≤ log p(x)          (Burda et al., Theorem 1)
//
// The model computes; the objectives (vae-objectives.ts) turn its outputs into a loss. It
// never reads files, prints or parses options.
import { bernoulliVae, bernoulliVaeGradients, standardNormal as nativeStandardNormal, type GaussianEncoder, type MlpLayer } from '@divergent/tfjs-backend-native';
import * as tf from '@tensorflow/tfjs';
import { isNativeBackend } from '../backend.js';
import { kl, Normal } from '../distributions/index.js';
import { Rng } from '../random.js';
import { applyModel, chainLayers, gaussianEncoderLayers } from './dense-net.js';
import { fusedOps } from './vae-fused.js';
import type { Likelihood } from './vae-likelihoods.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Standard normal noise of the given shape, seeded. On the native backend it is drawn
 * natively (threaded; the importance-sampled NLL needs 25 million draws per 100 images);
 * elsewhere from our own generator, both Box–Muller outputs used: about twenty times faster
 * than tf.randomNormal's per-call seeded generator, which took 3 ms of every 100 x 50 step.
 */
export function standardNormal(shape: number[], seed: number | undefined): tf.Tensor {
  const s = seed ?? Math.floor(Math.random() * 2 ** 32);
  if (isNativeBackend()) return nativeStandardNormal(shape, s);
  const rng = new Rng(s);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * rng.uniform();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return tf.tensor(out, shape);
}

/** What one pass of the VAE gives, for B inputs and k samples each. */
export interface VaeOutputs {
  /** Posterior means and log-variances, [B, Z]. */
  mu: tf.Tensor;
  logvar: tf.Tensor;
  /** The latents drawn, [k, B, Z]. */
  z: tf.Tensor;
  /** KL(q(z|x) ‖ p(z)) for each input, closed form, [B]. */
  kl: tf.Tensor;
  /** KL(q(z_j|x) ‖ N(0, 1)) for each input and latent dimension, [B, Z]: present when asked for. */
  klPerDim?: tf.Tensor;
  /** log p(x|z_i), [k, B]. */
  logPxGivenZ: tf.Tensor;
  /**
   * -log p(x|z) for each input, [B]: present when k = 1 and the pass computed it directly
   * (the fused Bernoulli pass), so that an objective can use it without negating and
   * reshaping logPxGivenZ on the gradient tape.
   */
  reconstruction?: tf.Tensor;
  /** log p(z_i) and log q(z_i|x), [k, B]: present when the log importance weights were asked for. */
  logPz?: tf.Tensor;
  logQz?: tf.Tensor;
}

/** Vae.elboGradients' result. */
export interface ElboGradients {
  /** -log p(x|z) for each input, [B]. */
  reconstruction: tf.Tensor;
  /** KL(q(z|x) ‖ p(z)) for each input, [B]. */
  kl: tf.Tensor;
  /** ∂loss/∂variable for every trainable variable, by name. */
  grads: tf.NamedTensorMap;
}

export interface ForwardOptions {
  /** Samples per input (default 1). */
  k?: number;
  /** Seed of the reparameterisation noise. */
  seed?: number;
  /** Also compute log p(z) and log q(z|x), needed by IWAE and the NLL estimate. */
  logWeights?: boolean;
  /** Also give the KL of each latent dimension (free bits, diagnostics). */
  klPerDim?: boolean;
  /** x repeated k times, [k, B, D], when the caller has it: the fused likelihood then needs no broadcast. */
  repeatedX?: tf.Tensor;
  /**
   * Whether gradients may flow through mu, logvar and z (default true). A loss made of the
   * reconstruction and KL terms alone (the ELBO, β or annealed) may say false: the one-op
   * pass then makes them plain values, which spares the step the tape's zero gradients
   * for them. klPerDim keeps them differentiable (free bits reads them).
   */
  latentGradients?: boolean;
}

/** z = μ + exp(logvar/2)·ε: the fused native op when available (equal to this formula, see vae-fused.test.ts). */
export function reparameterize(mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  const fused = fusedOps();
  if (fused) return fused.reparameterize(mu, logvar, eps);
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)));
}

/** KL(N(μ, e^{logvar}) ‖ N(0, 1)) per element, from the distributions registry. */
export function klToStandardNormal(mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const q = new Normal(mu, tf.exp(tf.mul(logvar, 0.5)), { validate: false });
    const p = new Normal(0, 1, { validate: false });
    const out = kl(q, p);
    q.dispose();
    p.dispose();
    return out;
  });
}

/** The same KL summed over the last axis: the fused native kernel when available (equal to the registry's, see vae-fused.test.ts). */
export function klToStandardNormalRows(mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  const fused = fusedOps();
  if (fused) return fused.gaussianKlStdNormal(mu, logvar);
  return tf.tidy(() => tf.sum(klToStandardNormal(mu, logvar), -1));
}

export class Vae {
  constructor(
    /** x [B, D] -> [μ, logvar], each [B, Z]. */
    readonly encoder: tf.LayersModel,
    /** z [N, Z] -> decoder params [N, P·D]. */
    readonly decoder: tf.LayersModel,
    readonly likelihood: Likelihood,
    readonly latentDim: number,
    readonly dataDim: number,
  ) {}

  /** Every trainable variable, encoder first. */
  get variables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  encode(x: tf.Tensor): { mu: tf.Tensor; logvar: tf.Tensor } {
    const [mu, logvar] = applyModel(this.encoder, x);
    return { mu, logvar };
  }

  /** Decoder params for latents z [..., Z] -> [..., P·D]. */
  decode(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lead = z.shape.slice(0, -1);
      const flat = z.reshape([-1, this.latentDim]);
      const [out] = applyModel(this.decoder, flat);
      return out.reshape([...lead, out.shape[1] as number]);
    });
  }

  /** The mean image of p(x|z) for latents z [N, Z] -> [N, D]. */
  decodeMean(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.likelihood.mean(this.decode(z)));
  }

  /** Encodes x [B, D], draws k latents per input, and scores them. Call it inside tf.tidy (or an optimizer's minimize). */
  forward(x: tf.Tensor, options: ForwardOptions = {}): VaeOutputs {
    const k = options.k ?? 1;
    if (k === 1 && !options.logWeights) {
      const out = this.forwardAsOneOp(x, options);
      if (out != null) return out;
    }
    const { mu, logvar } = this.encode(x);
    const eps = standardNormal([k, ...mu.shape], options.seed);
    const z = reparameterize(mu, logvar, eps);
    const logPxGivenZ = this.likelihood.logProb(this.decode(z), options.repeatedX ?? x);
    const out: VaeOutputs = { mu, logvar, z, kl: tf.zeros([0]), logPxGivenZ };
    if (options.klPerDim) {
      out.klPerDim = klToStandardNormal(mu, logvar);
      out.kl = tf.sum(out.klPerDim, -1);
    } else {
      out.kl = klToStandardNormalRows(mu, logvar);
    }
    if (options.logWeights) {
      // (z - μ)/σ is ε itself, so log q needs no division: log q = -½ Σ (log 2π + logvar + ε²).
      out.logQz = tf.mul(-0.5, tf.sum(tf.add(tf.add(logvar, LOG_2PI), tf.square(eps)), -1));
      out.logPz = tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), -1));
    }
    return out;
  }

  /**
   * forward() for one sample of a Bernoulli VAE with Dense-only nets on the native backend:
   * the whole pass as its bernoulliVae op, which makes the same native calls as the ops of
   * forward() (the same values, bit for bit; see vae-fused.test.ts) with a third of the
   * tape's bookkeeping, the largest cost of a training step after the products. Null
   * where it does not apply.
   */
  private forwardAsOneOp(x: tf.Tensor, options: ForwardOptions): VaeOutputs | null {
    const nets = this.oneOpNets(x);
    if (nets == null) return null;
    const { encoder, decoder } = nets;
    const eps = standardNormal([x.shape[0], this.latentDim], options.seed) as tf.Tensor2D;
    const t = bernoulliVae(x as tf.Tensor2D, encoder, decoder, eps, { latentGradients: options.latentGradients !== false || options.klPerDim === true });
    // z and logPxGivenZ in forward()'s shapes are made on first use only: every op made
    // inside a gradient tape costs tape bookkeeping, and the ELBO's training step needs neither.
    const out = { mu: t.mu, logvar: t.logvar, kl: t.kl, reconstruction: t.reconstruction } as VaeOutputs;
    lazyProperty(out, 'z', () => t.z.expandDims(0));
    lazyProperty(out, 'logPxGivenZ', () => tf.neg(t.reconstruction).expandDims(0));
    if (options.klPerDim) {
      out.klPerDim = klToStandardNormal(t.mu, t.logvar);
      out.kl = tf.sum(out.klPerDim, -1);
    }
    return out;
  }

  /**
   * For one sample per input x [B, D]: the gradients of the ELBO loss
   * mean(-log p(x|z) + klWeight·KL), keyed by variable name (an optimizer's applyGradients
   * takes them), and the per-example terms -log p(x|z) and KL [B]. The one-op pass gives
   * them without a gradient tape (the same values, bit for bit, as minimising that loss
   * from forward(); see vae-fused.test.ts); null where it does not apply.
   */
  elboGradients(x: tf.Tensor, options: { seed?: number; klWeight: number }): ElboGradients | null {
    const nets = this.oneOpNets(x);
    if (nets == null) return null;
    const { encoder, decoder } = nets;
    const eps = standardNormal([x.shape[0], this.latentDim], options.seed) as tf.Tensor2D;
    const g = bernoulliVaeGradients(x as tf.Tensor2D, encoder, decoder, eps, { klWeight: options.klWeight });
    eps.dispose();
    const grads: tf.NamedTensorMap = {};
    [...encoder.trunk, encoder.mean, encoder.logVariance, ...decoder].forEach((layer, i) => {
      grads[(layer.w as tf.Variable).name] = g.layers[i].w;
      if (layer.b != null) grads[(layer.b as tf.Variable).name] = g.layers[i].b!;
    });
    return { reconstruction: g.reconstruction, kl: g.kl, grads };
  }

  /** The layers of the one-op pass (a Bernoulli VAE of Dense-only nets on the native backend), or null. */
  private oneOpNets(x: tf.Tensor): { encoder: GaussianEncoder; decoder: MlpLayer[] } | null {
    if (this.likelihood.name !== 'bernoulli' || fusedOps() == null || x.rank !== 2) return null;
    const encoder = gaussianEncoderLayers(this.encoder);
    const decoder = chainLayers(this.decoder);
    return encoder == null || decoder == null ? null : { encoder, decoder };
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }
}

/** Defines obj[key] as make()'s value, computed on the first read and then kept. */
function lazyProperty<T extends object, K extends keyof T>(obj: T, key: K, make: () => T[K]): void {
  let value: T[K] | undefined;
  Object.defineProperty(obj, key, { enumerable: true, configurable: true, get: () => (value ??= make()) });
}
