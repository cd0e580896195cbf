// The decoder likelihoods p(x|z) of the VAE, each a log-density over the D pixels of an
// example given the decoder's raw output ("params", [..., P·D] with P values per pixel).
//
//   bernoulli             log p(x|l) = Σ_d x_d·l_d - softplus(l_d)          x ∈ {0, 1}, l = logits
//   continuous-bernoulli  log p(x|l) = Σ_d x_d·l_d - softplus(l_d) + log C(l_d)   x ∈ [0, 1]
//                         C(l) = l / tanh(l/2): the normaliser of Loaiza-Ganem & Cunningham
//                         (2019), "The continuous Bernoulli: fixing a pervasive error in VAEs"
//   gaussian              log N(x; m, v),  v = floor + softplus(s): the variance is learned per
//                         pixel and never falls below `floor`, since MNIST's constant border pixels
//                         would otherwise let v → 0 and the likelihood → ∞.
//
// Everything works on logits / unconstrained values, never on probabilities clipped to [ε, 1-ε].
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { fusedOps } from './vae-fused.js';

export const DECODER_NAMES = ['bernoulli', 'continuous-bernoulli', 'gaussian'] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

export interface Likelihood {
  name: DecoderName;
  /** Decoder outputs per pixel. */
  paramsPerPixel: 1 | 2;
  /** Binary data (binarised) or continuous values in [0, 1] (dequantised when 8-bit). */
  data: 'binary' | 'continuous';
  /** log p(x|params) summed over the D pixels: params [..., P·D], x [B, D] broadcast -> [...]. */
  logProb(params: tf.Tensor, x: tf.Tensor): tf.Tensor;
  /** The mean of p(x|params), [..., D], for pictures. */
  mean(params: tf.Tensor): tf.Tensor;
}

/** Default variance floor of the Gaussian decoder: one 8-bit quantisation step, (1/256)². */
export const DEFAULT_VARIANCE_FLOOR = 1 / 256 ** 2;

/** Σ_d x_d·l_d - softplus(l_d), the Bernoulli log-likelihood in logits (BCE with logits, negated). */
export function bernoulliLogProb(logits: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const fused = fusedOps();
  return tf.tidy(() => {
    // The kernel wants equal shapes: with one sample a reshape suffices; for k samples copying
    // x k times (Tile) costs more than the broadcasting formula saves.
    if (fused && x.size === logits.size) return tf.neg(fused.bceWithLogits(logits, x.reshape(logits.shape)));
    return tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1);
  });
}

const CB_TAYLOR = 1e-2;

/** |l| >= CB_TAYLOR. (GreaterEqual, unlike Less, has a registered gradient, so tf.grad can pass through.) */
function farFromZero(logits: tf.Tensor): tf.Tensor {
  return tf.greaterEqual(tf.abs(logits), CB_TAYLOR);
}

/**
 * log C(l) with C(l) = l / tanh(l/2) = 2·artanh(1-2λ)/(1-2λ), λ = sigmoid(l). Near l = 0 the
 * quotient is 0/0, so it uses C ≈ 2 + l²/6 there; elsewhere log|l| - log|tanh(l/2)|, fed a safe
 * argument so that the branch tf.where discards never makes a NaN gradient.
 */
export function continuousBernoulliLogNorm(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const far = farFromZero(logits);
    const safe = tf.where(far, logits, tf.onesLike(logits));
    const farValue = tf.sub(tf.log(tf.abs(safe)), tf.log(tf.abs(tf.tanh(tf.mul(safe, 0.5)))));
    const nearValue = tf.log(tf.add(2, tf.div(tf.square(logits), 6)));
    return tf.where(far, farValue, nearValue);
  });
}

/** The mean of a continuous Bernoulli: λ/(2λ-1) + 1/(2 artanh(1-2λ)) = 1/(1-e^{-l}) - 1/l; ≈ 1/2 + l/12 near 0. */
function continuousBernoulliMean(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const far = farFromZero(logits);
    const safe = tf.where(far, logits, tf.onesLike(logits));
    const farValue = tf.sub(tf.reciprocal(tf.neg(tf.expm1(tf.neg(safe)))), tf.reciprocal(safe));
    return tf.where(far, farValue, tf.add(0.5, tf.div(logits, 12)));
  });
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function split2(params: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const d = params.shape[params.shape.length - 1] / 2;
  return tf.split(params, [d, d], -1) as [tf.Tensor, tf.Tensor];
}

export function likelihood(name: DecoderName, options: { varianceFloor?: number } = {}): Likelihood {
  switch (name) {
    case 'bernoulli':
      return {
        name,
        paramsPerPixel: 1,
        data: 'binary',
        logProb: bernoulliLogProb,
        mean: (l) => tf.sigmoid(l),
      };
    case 'continuous-bernoulli':
      return {
        name,
        paramsPerPixel: 1,
        data: 'continuous',
        logProb: (l, x) =>
          tf.tidy(() => tf.add(tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)), -1), tf.sum(continuousBernoulliLogNorm(l), -1))),
        mean: continuousBernoulliMean,
      };
    case 'gaussian': {
      const floor = options.varianceFloor ?? DEFAULT_VARIANCE_FLOOR;
      if (!(floor > 0)) throw new DivergentInputError('--variance-floor', `must be > 0, got ${floor}`);
      return {
        name,
        paramsPerPixel: 2,
        data: 'continuous',
        logProb: (params, x) =>
          tf.tidy(() => {
            const [m, s] = split2(params);
            const v = tf.add(tf.softplus(s), floor);
            const sq = tf.div(tf.square(tf.sub(x, m)), v);
            return tf.neg(tf.sum(tf.add(tf.mul(0.5, tf.add(sq, tf.log(v))), HALF_LOG_2PI), -1));
          }),
        mean: (params) => tf.tidy(() => tf.clipByValue(split2(params)[0], 0, 1)),
      };
    }
    default:
      throw new DivergentInputError('--decoder', `unknown decoder "${String(name)}"; valid: ${DECODER_NAMES.join(', ')}`);
  }
}

export function parseDecoder(name: string): DecoderName {
  if (!(DECODER_NAMES as readonly string[]).includes(name)) {
    throw new DivergentInputError('--decoder', `unknown decoder "${name}"; valid: ${DECODER_NAMES.join(', ')}`);
  }
  return name as DecoderName;
}
