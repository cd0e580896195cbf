// The three training steps of the speed benchmark, written with tfjs layers and ops as a
// user would, mirroring the PyTorch reference (../shared/bench/torch_vae_step.py):
// (a), (b) MLP VAEs with a Bernoulli decoder on logits, (c) a small DCGAN on 28x28.
// A VAE's pass is this package's bernoulliVae op (encoder, sample, decoder and both loss
// terms as one taped op; the same values as mlpHeads, reparameterize, mlp, bceWithLogits
// and gaussianKlStdNormal, with a third of the tape's bookkeeping), the noise a native draw
// (as PyTorch's randn_like) and the optimizer the fused Adam; the DCGAN is built from tfjs
// layers.
import * as tf from '@tensorflow/tfjs';
import { bernoulliVae, fused, standardNormal, type DenseActivation, type MlpLayer } from '../index.js';
import { nativeAdam } from '../optimizers/adam.js';

export type Step = () => void;

/** Σ BCE(logits, targets) over every entry. */
function bceWithLogitsSum(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.sum(fused.bceWithLogits(logits, targets));
}

/** Glorot-uniform weights and zero biases (as variables) for in -> out layers. */
function glorotLayers(sizes: number[], activation: DenseActivation, last: DenseActivation, seed: number): MlpLayer[] {
  return sizes.slice(1).map((out, i) => {
    const limit = Math.sqrt(6 / (sizes[i] + out));
    return {
      w: tf.variable(tf.randomUniform([sizes[i], out], -limit, limit, 'float32', seed + i)) as tf.Tensor as tf.Tensor2D,
      b: tf.variable(tf.zeros([out])) as tf.Tensor as tf.Tensor1D,
      activation: i === sizes.length - 2 ? last : activation,
    };
  });
}

/**
 * One Adam step of a VAE whose encoder is sizes[0] -> ... -> sizes[-1] -> (mu, logvar) (two
 * linear heads) and whose decoder mirrors it, on a fixed binary batch.
 */
export function vaeStep(sizes: number[], latent: number, activation: 'relu' | 'tanh', batch: number, seed: number): Step {
  const trunk = glorotLayers(sizes, activation, activation, seed);
  const heads = [0, 1].map((i) => glorotLayers([sizes[sizes.length - 1], latent], activation, 'linear', seed + 50 + i)[0]);
  const dec = glorotLayers([latent, ...sizes.slice(1).reverse(), sizes[0]], activation, 'linear', seed + 100);
  const variables = [...trunk, ...heads, ...dec].flatMap((l) => [l.w, l.b!]) as tf.Tensor[] as tf.Variable[];
  const optimizer = nativeAdam(1e-3);
  const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([batch, sizes[0]], 0, 1, 'float32', seed), 0.5), 'float32')) as tf.Tensor2D;
  let noiseSeed = seed;
  return () => {
    tf.tidy(() => {
      optimizer.minimize(() => {
        const eps = standardNormal([batch, latent], ++noiseSeed) as tf.Tensor2D;
        const { reconstruction, kl } = bernoulliVae(x, { trunk, mean: heads[0], logVariance: heads[1] }, dec, eps, { latentGradients: false });
        // (Σ BCE + Σ KL) / batch as the batch mean of per-example terms: 2 taped ops, not 4.
        return tf.mean(tf.add(reconstruction, kl)) as tf.Scalar;
      }, false, variables);
    });
  };
}

/**
 * One DCGAN step on 28x28: D conv(1->64,4,2) lrelu conv(64->128,4,2) lrelu dense(1);
 * G dense(100->7*7*128) relu deconv(128->64,4,2) relu deconv(64->1,4,2); Adam(2e-4, 0.5).
 */
export function dcganStep(batch: number, seed: number): Step {
  const conv = (filters: number, inputShape?: number[]) =>
    tf.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', inputShape });
  const D = tf.sequential({
    layers: [
      conv(64, [28, 28, 1]), tf.layers.leakyReLU({ alpha: 0.2 }),
      conv(128), tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(), tf.layers.dense({ units: 1 }),
    ],
  });
  const deconv = (filters: number, activation?: 'relu') =>
    tf.layers.conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 'same', activation });
  const G = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128 * 7 * 7, inputShape: [100], activation: 'relu' }),
      tf.layers.reshape({ targetShape: [7, 7, 128] }),
      deconv(64, 'relu'), deconv(1),
    ],
  });
  const dOpt = nativeAdam(2e-4, 0.5, 0.999);
  const gOpt = nativeAdam(2e-4, 0.5, 0.999);
  const dVars = D.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVars = G.trainableWeights.map((w) => w.read() as tf.Variable);
  const real = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', seed);
  const ones = tf.ones([batch, 1]);
  const zeros = tf.zeros([batch, 1]);
  const bce = (logits: tf.Tensor, t: tf.Tensor) => tf.div(bceWithLogitsSum(logits, t), batch) as tf.Scalar;
  let noiseSeed = seed;
  return () => {
    tf.tidy(() => {
      const noise = tf.randomNormal([batch, 100], 0, 1, 'float32', ++noiseSeed);
      const fake = G.apply(noise) as tf.Tensor;  // outside any tape: detached for the D step
      dOpt.minimize(() => tf.add(bce(D.apply(real) as tf.Tensor, ones), bce(D.apply(fake) as tf.Tensor, zeros)), false, dVars);
      gOpt.minimize(() => bce(D.apply(G.apply(noise)) as tf.Tensor, ones), false, gVars);
    });
  };
}

/** Median over 5 rounds of the mean ms per step over n steps, after 5 warm-up steps. */
export function msPerStep(step: Step, n: number): number {
  for (let i = 0; i < 5; i++) step();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) step();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  rounds.sort((a, b) => a - b);
  return Math.round(rounds[2] * 1000) / 1000;
}
