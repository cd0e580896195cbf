// bernoulliVae: a whole VAE pass (Gaussian encoder, reparameterised sample, Bernoulli
// decoder on logits, the reconstruction and KL terms) as ONE taped op. The same pass built
// from mlpHeads, reparameterize, mlp, bceWithLogits and gaussianKlStdNormal records ~17
// kernels and ~30 saved-tensor clones on the tape, and tfjs's per-op bookkeeping then costs
// about a third of a training step (1.3-1.7 ms of the IWAE net's ~5 ms step, measured
// against the same native calls made without tfjs). Here the forward and backward passes
// make those same native calls, in the same order, from one kernel and one gradient
// function, so every value and gradient equals the composed ops' bit for bit
// (bernoulli-vae.test.ts).
//
// ∂/∂x (x is usually data) is not part of the native backward: x's gradient closure
// computes it from saved tensors with tfjs ops, only when x needs one.
//
// bernoulliVaeGradients leaves the tape out for the ELBO loss mean(reconstruction + w·kl):
// it runs the op and calls its gradient function itself with the upstream gradients the
// tape would pass, which spares a training step the tape's saved clones, the loss's ops and
// their gradients (~0.3 ms of a ~2.8 ms IWAE-net step).
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { bceWithLogits } from '../fused/bce.js';
import { gaussianKlStdNormal } from '../fused/gaussian-kl.js';
import { reparameterize } from '../fused/reparameterize.js';
import { ewAddon } from './elementwise-addon.js';
import {
  backwardPass, checkLayer, forwardPass, hiddenLength, mlp, mlpAttrs, mlpHeads, network, type MlpAttrs, type MlpLayer, type Network,
} from './mlp.js';
import { float32Tensor, float32Values, nativeAddon, nativeKernel, outputFloats, outputWithRiders, riders, scratchFloats } from './values.js';

export const BERNOULLI_VAE = 'DivergentBernoulliVae';

/** q(z|x) = N(mean(h), diag exp(logVariance(h))) with h the trunk's output. */
export interface GaussianEncoder {
  trunk: MlpLayer[];
  mean: MlpLayer;
  logVariance: MlpLayer;
}

export interface BernoulliVaeTerms {
  /** -log p(x|z) = Σ_j BCE(logits_j, x_j) for each row, [batch]. */
  reconstruction: tf.Tensor1D;
  /** KL(q(z|x) ‖ N(0, I)) for each row, [batch]. */
  kl: tf.Tensor1D;
  /** The posterior's means and log-variances and the latents drawn, [batch, latent]. */
  mu: tf.Tensor2D;
  logvar: tf.Tensor2D;
  z: tf.Tensor2D;
}

export interface BernoulliVaeOptions {
  /**
   * Whether gradients flow through mu, logvar and z (default true). False makes them plain
   * values and the op's outputs only reconstruction and kl: a loss of those two terms (the
   * ELBO, β-weighted or annealed) then spares the tape the zero gradients tfjs makes for
   * every output a loss does not read, and the op their sums.
   */
  latentGradients?: boolean;
}

// Inputs travel as one list, [x, eps, encoder weights, decoder weights, then the biases of
// the encoder's and the decoder's biased layers] (tfjs saves every input only of a list).
interface VaeAttrs {
  encoder: MlpAttrs;
  decoder: MlpAttrs;
  /** mu, logvar and z are outputs too (latentGradients). */
  latents: boolean;
}

// Outputs: reconstruction and kl, then mu, logvar and z when they are differentiable. What
// the backward reads (mu, logvar, z, the decoder's logits and both networks' hidden
// activations) rides in kl's buffer (see outputWithRiders), so kl is the one output saved.
const SAVED = [false, true];

interface Layout {
  x: tf.TensorInfo;
  eps: tf.TensorInfo;
  encoderWeights: tf.TensorInfo[];
  decoderWeights: tf.TensorInfo[];
  encoderBiases: (tf.TensorInfo | null)[];
  decoderBiases: (tf.TensorInfo | null)[];
}

function layout(ins: tf.TensorInfo[], a: VaeAttrs): Layout {
  const ne = a.encoder.activations.length;
  const nd = a.decoder.activations.length;
  let next = 2 + ne + nd;
  const biases = (biased: boolean[]) => biased.map((has) => (has ? ins[next++] : null));
  return {
    x: ins[0],
    eps: ins[1],
    encoderWeights: ins.slice(2, 2 + ne),
    decoderWeights: ins.slice(2 + ne, 2 + ne + nd),
    encoderBiases: biases(a.encoder.biased),
    decoderBiases: biases(a.decoder.biased),
  };
}

/** Lengths of kl and of its riders: mu, logvar, z, logits, the encoder's hidden activations, the decoder's. */
function klBlock(l: Layout): number[] {
  const [batch, data] = l.x.shape;
  return [...latentBlock(batch, l.eps.shape[1]), batch * data, hiddenLength(batch, l.encoderWeights, 2), hiddenLength(batch, l.decoderWeights, 1)];
}

/** The first lengths of klBlock: kl, mu, logvar, z. */
function latentBlock(batch: number, latent: number): number[] {
  return [batch, batch * latent, batch * latent, batch * latent];
}

interface Passes {
  kl: Float32Array;
  mu: Float32Array;
  logvar: Float32Array;
  z: Float32Array;
  logits: Float32Array;
  encoder: Network;
  decoder: Network;
}

/** kl and its riders, and the encoder's and decoder's native views over them. */
function passes(backend: MathBackendCPU, l: Layout, a: VaeAttrs, block: Float32Array[]): Passes {
  const [kl, mu, logvar, z, logits, encoderHidden, decoderHidden] = block;
  const batch = l.x.shape[0];
  return {
    kl,
    mu,
    logvar,
    z,
    logits,
    encoder: network(backend, batch, l.x.shape[1], l.encoderWeights, a.encoder, [mu, logvar], encoderHidden),
    decoder: network(backend, batch, l.eps.shape[1], l.decoderWeights, a.decoder, [logits], decoderHidden),
  };
}

/** A copy of a latent array that kl's buffer holds, as the values of a tensor of its own. */
function latentCopy(backend: MathBackendCPU, values: Float32Array): Float32Array {
  const copy = outputFloats(backend, values.length);
  copy.set(values);
  return copy;
}

function biasValues(backend: MathBackendCPU, biases: (tf.TensorInfo | null)[]): (Float32Array | null)[] {
  return biases.map((b) => (b == null ? null : float32Values(backend, b)));
}

export const bernoulliVaeConfig = nativeKernel(BERNOULLI_VAE, ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as VaeAttrs;
  const l = layout(inputs as unknown as tf.TensorInfo[], a);
  const [batch, data] = l.x.shape;
  const latent = l.eps.shape[1];
  const reconstruction = outputFloats(backend, batch);
  const p = passes(backend, l, a, outputWithRiders(backend, klBlock(l)));
  const ew = ewAddon!;
  const x = float32Values(backend, l.x);
  forwardPass(x, p.encoder, biasValues(backend, l.encoderBiases));
  ew.reparameterize(p.mu, p.logvar, float32Values(backend, l.eps), p.z);
  forwardPass(p.z, p.decoder, biasValues(backend, l.decoderBiases));
  ew.bceWithLogits(p.logits, x, reconstruction, data);
  ew.gaussianKl(p.mu, p.logvar, p.kl, latent);
  const latents = a.latents ? [p.mu, p.logvar, p.z].map((values) => backend.makeTensorInfo([batch, latent], 'float32', latentCopy(backend, values))) : [];
  return [backend.makeTensorInfo([batch], 'float32', reconstruction), backend.makeTensorInfo([batch], 'float32', p.kl), ...latents];
});

/** The addon's code of Add (csrc/elementwise.h BinaryOp). */
const ADD = 0;

/** a += b, element by element, natively (the same float32 sums as tfjs's Add of the composed ops). */
function addInto(a: Float32Array, b: Float32Array): void {
  ewAddon!.binary(ADD, a, [a.length], b, [b.length], a);
}

export const bernoulliVaeGradConfig: tf.GradConfig = {
  kernelName: BERNOULLI_VAE,
  saveAllInputs: true,
  outputsToSave: SAVED,
  gradFunc: (dysIn, saved, attrs) => {
    const a = attrs as unknown as VaeAttrs;
    const dys = dysIn as (tf.Tensor | null)[];
    const ins = saved.slice(0, -1);
    const klTensor = saved[saved.length - 1];
    const backend = tf.backend() as MathBackendCPU;
    const l = layout(ins, a);
    const [batch, data] = l.x.shape;
    const latent = l.eps.shape[1];
    const nets = passes(backend, l, a, riders(float32Values(backend, klTensor), klBlock(l)));
    const { mu, logvar, z, logits } = nets;
    const native = nativeAddon();
    const ew = ewAddon!;
    const x = float32Values(backend, l.x);
    const eps = float32Values(backend, l.eps);
    // Intermediate gradients live in reused work arrays; only the returned ones are tensors.
    const work = (role: string, length: number) => scratchFloats(`bernoulliVae.${role}`, length);
    // The upstream gradient of each visible output; none (not on the path to the loss) is zero.
    const dy = (i: number, length: number) => (dys[i] == null ? work(`zero${i}`, length).fill(0) : float32Values(backend, dys[i]!));
    // A network's gradient arrays: g0 is a work array, the weights' and biases' become tensors.
    const grads = (net: Network, name: string, biased: boolean[]) => ({
      g0: work(`${name}.g0`, batch * net.dims[2]),
      dws: net.weights.map((w) => outputFloats(backend, w.length)),
      dbs: biased.map((has, i) => (has ? outputFloats(backend, net.dims[i + 2]) : null)),
    });

    // Decoder: ∂/∂logits = drec·(σ(logits) - x), then every decoder gradient and ∂/∂z.
    const dRec = dy(0, batch);
    const dLogits = work('dLogits', batch * data);
    ew.bceWithLogitsGrad(logits, x, dRec, dLogits, work('dTargets', batch * data), data);
    const dec = grads(nets.decoder, 'decoder', a.decoder.biased);
    backwardPass(z, nets.decoder, [dLogits], dec.g0, dec.dws, dec.dbs);
    const dz = work('dz', batch * latent);
    native.matmul(dec.g0, nets.decoder.weights[0], dz, 1, batch, latent, nets.decoder.dims[2], false, true, null, null, null, 0, 0, null);
    if (dys[4] != null) addInto(dz, float32Values(backend, dys[4]!));
    // Latents: the sample's gradient into mu and logvar, plus the KL term's.
    const dMu = work('dMu', batch * latent);
    const dLogvar = work('dLogvar', batch * latent);
    const dEps = work('dEps', batch * latent);
    ew.reparameterizeGrad(logvar, eps, dz, dMu, dLogvar, dEps);
    const klMu = work('klMu', batch * latent);
    const klLogvar = work('klLogvar', batch * latent);
    ew.gaussianKlGrad(mu, logvar, dy(1, batch), klMu, klLogvar, latent);
    addInto(dMu, klMu);
    addInto(dLogvar, klLogvar);
    if (dys[2] != null) addInto(dMu, float32Values(backend, dys[2]!));
    if (dys[3] != null) addInto(dLogvar, float32Values(backend, dys[3]!));
    // Encoder: its two heads' gradients, then every encoder gradient.
    const enc = grads(nets.encoder, 'encoder', a.encoder.biased);
    backwardPass(x, nets.encoder, [dMu, dLogvar], enc.g0, enc.dws, enc.dbs);

    const tensor = (shape: number[], values: Float32Array) => float32Tensor(backend, shape, values);
    // x's and eps's gradients (rarely wanted: data and noise) copy the work arrays when asked,
    // which tfjs does right after this function returns, before any other op can reuse them.
    const copy = (shape: number[], values: Float32Array) => tf.tensor(values.slice(), shape, 'float32');
    const result: Record<string, () => tf.Tensor> = {
      // BCE's own ∂/∂x = -drec·logits, plus the encoder's g0·W_1ᵀ.
      0: () => tf.add(
        tf.mul(tf.neg(copy([batch, data], logits)), copy([batch, 1], dRec)),
        tf.matMul(copy([batch, nets.encoder.dims[2]], enc.g0), ins[2] as tf.Tensor, false, true),
      ),
      1: () => copy([batch, latent], dEps),
    };
    const weightGrads = [...enc.dws.map((g, i) => tensor(l.encoderWeights[i].shape, g)), ...dec.dws.map((g, i) => tensor(l.decoderWeights[i].shape, g))];
    weightGrads.forEach((g, i) => {
      result[2 + i] = () => g;
    });
    const biasGrads = [...enc.dbs, ...dec.dbs].filter((g): g is Float32Array => g != null);
    biasGrads.forEach((g, i) => {
      result[2 + weightGrads.length + i] = () => tensor([g.length], g);
    });
    return result;
  },
};

/** The op's inputs and attributes, or null where it does not run natively (the composed ops do). */
function nativeCall(x: tf.Tensor2D, encoder: GaussianEncoder, decoder: MlpLayer[], eps: tf.Tensor2D, latents: boolean) {
  const heads = [encoder.mean, encoder.logVariance];
  const inputs = [x, eps, ...paramsOf([...encoder.trunk, ...heads, ...decoder])];
  if (tf.getBackend() !== 'native' || ewAddon == null || !inputs.every((t) => t.dtype === 'float32')) return null;
  const attrs: VaeAttrs = { encoder: mlpAttrs(encoder.trunk, heads), decoder: mlpAttrs(decoder.slice(0, -1), decoder.slice(-1)), latents };
  return { inputs, attrs };
}

/** Every weight, then the biases of the layers that have one: the order of the op's inputs after x and eps. */
function paramsOf(layers: MlpLayer[]): tf.Tensor[] {
  return [...layers.map((l) => l.w), ...layers.flatMap((l) => (l.b == null ? [] : [l.b]))];
}

/** mean(reconstruction + klWeight·kl): the ELBO loss whose gradients bernoulliVaeGradients gives. */
function elboLoss(reconstruction: tf.Tensor, kl: tf.Tensor, klWeight: number): tf.Scalar {
  return tf.mean(tf.add(reconstruction, klWeight === 1 ? kl : tf.mul(kl, klWeight)));
}

function runOp(call: { inputs: tf.Tensor[]; attrs: VaeAttrs }): tf.Tensor[] {
  return tf.engine().runKernel(BERNOULLI_VAE, call.inputs as unknown as tf.NamedTensorMap, call.attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/** mu, logvar and z from kl's riders, as tensors off the tape (copies: they outlive kl's buffer). */
function latentValues(kl: tf.Tensor, latent: number): tf.Tensor[] {
  const backend = tf.backend() as MathBackendCPU;
  const batch = kl.shape[0];
  const [, ...latents] = riders(float32Values(backend, kl), latentBlock(batch, latent));
  return latents.map((values) => float32Tensor(backend, [batch, latent], latentCopy(backend, values)));
}

function check(x: tf.Tensor2D, encoder: GaussianEncoder, decoder: MlpLayer[], eps: tf.Tensor2D): void {
  const op = 'bernoulliVae';
  if (x.rank !== 2) throw new Error(`${op}: x must be [batch, features], got shape [${x.shape}]`);
  if (encoder.trunk.length === 0) throw new Error(`${op}: encoder.trunk must hold at least one layer`);
  if (decoder.length === 0) throw new Error(`${op}: decoder must hold at least one layer`);
  const width = encoder.trunk.reduce((w, layer, i) => checkLayer(`encoder.trunk[${i}]`, w, layer, op), x.shape[1]);
  const latent = checkLayer('encoder.mean', width, encoder.mean, op);
  if (checkLayer('encoder.logVariance', width, encoder.logVariance, op) !== latent) {
    throw new Error(`${op}: encoder.mean and encoder.logVariance must give the same width, got ${latent} and ${encoder.logVariance.w.shape[1]}`);
  }
  if (eps.rank !== 2 || eps.shape[0] !== x.shape[0] || eps.shape[1] !== latent) {
    throw new Error(`${op}: eps must have shape [${x.shape[0]}, ${latent}], got [${eps.shape}]`);
  }
  const out = decoder.reduce((w, layer, i) => checkLayer(`decoder[${i}]`, w, layer, op), latent);
  if (out !== x.shape[1]) throw new Error(`${op}: the decoder must give x's ${x.shape[1]} columns, got ${out}`);
}

/**
 * One pass of a VAE with a diagonal Gaussian encoder, a standard normal prior and a
 * Bernoulli decoder on logits, given the noise eps [batch, latent]:
 *   [mu, logvar] = encoder(x),  z = mu + eps·exp(logvar/2),  logits = decoder(z),
 *   reconstruction = Σ_j BCE(logits_j, x_j) = -log p(x|z),  kl = KL(N(mu, e^logvar) ‖ N(0, I)),
 * so that ELBO = -(reconstruction + kl). One op each way on the 'native' backend (the same
 * values as the composed ops, bit for bit); the composed fused ops elsewhere.
 * @example const { reconstruction, kl } = bernoulliVae(x, { trunk, mean, logVariance }, decoder, standardNormal([batch, latent], seed), { latentGradients: false });
 */
export function bernoulliVae(
  x: tf.Tensor2D, encoder: GaussianEncoder, decoder: MlpLayer[], eps: tf.Tensor2D, options: BernoulliVaeOptions = {},
): BernoulliVaeTerms {
  check(x, encoder, decoder, eps);
  const call = nativeCall(x, encoder, decoder, eps, options.latentGradients ?? true);
  if (call == null) {
    return tf.tidy(() => {
      const [mu, logvar] = mlpHeads(x, encoder.trunk, [encoder.mean, encoder.logVariance]);
      const z = reparameterize(mu, logvar, eps) as tf.Tensor2D;
      const reconstruction = bceWithLogits(mlp(z, decoder), x) as tf.Tensor1D;
      return { reconstruction, kl: gaussianKlStdNormal(mu, logvar) as tf.Tensor1D, mu, logvar, z };
    });
  }
  const latentGradients = call.attrs.latents;
  const outs = runOp(call);
  const [reconstruction, kl] = outs;
  const [mu, logvar, z] = latentGradients ? outs.slice(2) : latentValues(kl, eps.shape[1]);
  return {
    reconstruction: reconstruction as tf.Tensor1D,
    kl: kl as tf.Tensor1D,
    mu: mu as tf.Tensor2D,
    logvar: logvar as tf.Tensor2D,
    z: z as tf.Tensor2D,
  };
}

export interface BernoulliVaeGradients {
  /** -log p(x|z) and KL(q(z|x) ‖ N(0, I)) for each row, [batch]. */
  reconstruction: tf.Tensor1D;
  kl: tf.Tensor1D;
  /**
   * ∂loss/∂w and ∂loss/∂b of every layer, in the order encoder.trunk, encoder.mean,
   * encoder.logVariance, decoder (b null for a layer without a bias).
   */
  layers: { w: tf.Tensor2D; b: tf.Tensor1D | null }[];
}

/**
 * The ELBO loss mean(reconstruction + klWeight·kl) over the batch and its gradient with
 * respect to every weight and bias, without a gradient tape: on the 'native' backend, one
 * forward op and its gradient function called directly, with the upstream gradients the tape
 * would pass them (1/batch, and klWeight/batch, in float32). A training step of a plain,
 * β-weighted or annealed ELBO then skips the tape's bookkeeping (its saved copies, loss ops
 * and their gradients: a tenth of an MNIST VAE step), and gives the gradients of
 * tf.grads on that loss bit for bit (bernoulli-vae.test.ts). Elsewhere, tf.grads itself.
 * @example const { layers } = bernoulliVaeGradients(x, encoder, decoder, eps, { klWeight: beta });
 */
export function bernoulliVaeGradients(
  x: tf.Tensor2D, encoder: GaussianEncoder, decoder: MlpLayer[], eps: tf.Tensor2D, options: { klWeight?: number } = {},
): BernoulliVaeGradients {
  check(x, encoder, decoder, eps);
  const klWeight = options.klWeight ?? 1;
  const layers = [...encoder.trunk, encoder.mean, encoder.logVariance, ...decoder];
  const call = nativeCall(x, encoder, decoder, eps, false);
  if (call == null) return gradientsOnTape(x, encoder, layers, eps, klWeight);
  const [reconstruction, kl] = runOp(call);
  const batch = x.shape[0];
  // The tape's upstream gradients: mean's 1/batch, times klWeight (a float32 scalar) for kl.
  const dRec = Math.fround(1 / batch);
  const dKl = klWeight === 1 ? dRec : Math.fround(dRec * Math.fround(klWeight));
  const backend = tf.backend() as MathBackendCPU;
  const dys = [dRec, dKl].map((v) => float32Tensor(backend, [batch], outputFloats(backend, batch).fill(v)));
  const grads = bernoulliVaeGradConfig.gradFunc(dys, [...call.inputs, kl], call.attrs as unknown as tf.NamedAttrMap);
  tf.dispose(dys);
  // The gradient function's results are keyed by input position; x and eps (0, 1) are not asked for.
  const paramGrads = paramsOf(layers).map((_, i) => grads[2 + i]());
  return { reconstruction: reconstruction as tf.Tensor1D, kl: kl as tf.Tensor1D, layers: perLayer(layers, paramGrads) };
}

/** Each layer's { w, b } from values in the op's order (every weight, then the biases of the layers that have one). */
function perLayer(layers: MlpLayer[], values: tf.Tensor[]): BernoulliVaeGradients['layers'] {
  let nextBias = layers.length;
  return layers.map((l, i) => ({ w: values[i] as tf.Tensor2D, b: l.b == null ? null : (values[nextBias++] as tf.Tensor1D) }));
}

/** bernoulliVaeGradients by tf.grads, where the op is the composed ops. */
function gradientsOnTape(x: tf.Tensor2D, encoder: GaussianEncoder, layers: MlpLayer[], eps: tf.Tensor2D, klWeight: number): BernoulliVaeGradients {
  const n = encoder.trunk.length;
  let terms: tf.Tensor1D[] = [];
  const grads = tf.grads((...ps: tf.Tensor[]) => {
    const net = perLayer(layers, ps).map(({ w, b }, i) => ({ ...layers[i], w, b: b ?? undefined }));
    const t = bernoulliVae(x, { trunk: net.slice(0, n), mean: net[n], logVariance: net[n + 1] }, net.slice(n + 2), eps);
    terms = [tf.keep(t.reconstruction), tf.keep(t.kl)];
    return elboLoss(t.reconstruction, t.kl, klWeight);
  })(paramsOf(layers));
  return { reconstruction: terms[0], kl: terms[1], layers: perLayer(layers, grads) };
}
