// Mode covering against mode seeking, the picture behind every choice of divergence: fit one
// Gaussian q = N(μ, s²) to a two-component mixture p by minimising
//   forward KL(p || q) = E_p[log p - log q]   (maximum likelihood: q must cover all of p's mass,
//                                               so it sits between the modes, wide)
//   reverse KL(q || p) = E_q[log q - log p]   (q is punished for mass where p has none, so it
//                                               locks onto one mode, narrow)
// (Bishop 2006, section 10.1.2; Murphy 2012, section 21.2.2). Both integrals are computed by
// quadrature on a fine grid, so the fits are deterministic; the forward fit has the closed
// form of moment matching, which the tests check.
import * as tf from '@tensorflow/tfjs';

export interface TwoGaussianMixture {
  /** Means of the two equally weighted components and their common standard deviation. */
  means: [number, number];
  sigma: number;
}

export interface GaussianFit {
  mean: number;
  std: number;
  /** KL(p || q) and KL(q || p) at the fit, nats. */
  forward_kl: number;
  reverse_kl: number;
}

export const DEFAULT_MIXTURE: TwoGaussianMixture = { means: [-2, 2], sigma: 0.6 };

const GRID = 4001;
/** Where both fits start: off-centre, so that the reverse fit has a mode to fall towards. */
const START = { mean: 0.5, std: 0.5 };

function logNormal(x: tf.Tensor, mean: tf.Tensor | number, logStd: tf.Tensor | number): tf.Tensor {
  const z = tf.div(tf.sub(x, mean), tf.exp(logStd));
  return tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, 0.5 * Math.log(2 * Math.PI)));
}

/** Fits N(μ, s²) to the mixture by the given direction of KL; Adam from μ = 0.5, s = 0.5 (from a wide start, s = 1, the reverse fit stalls at a poor local optimum astride both modes, μ = 0, s = 1.79, KL 1.14 > log 2). */
export function fitGaussian(direction: 'forward' | 'reverse', p: TwoGaussianMixture = DEFAULT_MIXTURE, init = START, steps = 1500): GaussianFit {
  const half = Math.max(Math.abs(p.means[0]), Math.abs(p.means[1])) + 10 * p.sigma + 5;
  const h = (2 * half) / (GRID - 1);
  const x = tf.linspace(-half, half, GRID);
  const logP = tf.tidy(() => tf.sub(tf.logSumExp(tf.stack([logNormal(x, p.means[0], Math.log(p.sigma)), logNormal(x, p.means[1], Math.log(p.sigma))]), 0), Math.log(2)));
  const pDensity = tf.exp(logP);
  const mean = tf.tidy(() => tf.variable(tf.scalar(init.mean)));
  const logStd = tf.tidy(() => tf.variable(tf.scalar(Math.log(init.std))));
  const kls = () =>
    tf.tidy(() => {
      const logQ = logNormal(x, mean, logStd);
      const forward = tf.mul(h, tf.sum(tf.mul(pDensity, tf.sub(logP, logQ))));
      const reverse = tf.mul(h, tf.sum(tf.mul(tf.exp(logQ), tf.sub(logQ, logP))));
      return [forward as tf.Scalar, reverse as tf.Scalar];
    });
  const opt = tf.train.adam(0.05);
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.tidy(() => {
      const [f, r] = kls();
      return direction === 'forward' ? f : r;
    }), false, [mean, logStd]);
  }
  const [f, r] = kls();
  const fit: GaussianFit = { mean: mean.dataSync()[0], std: Math.exp(logStd.dataSync()[0]), forward_kl: f.dataSync()[0], reverse_kl: r.dataSync()[0] };
  tf.dispose([x, logP, pDensity, mean, logStd, f, r]);
  opt.dispose();
  return fit;
}

/** Both fits, for the comparison table. */
export function forwardVersusReverse(p: TwoGaussianMixture = DEFAULT_MIXTURE): { mixture: TwoGaussianMixture; forward: GaussianFit; reverse: GaussianFit } {
  return { mixture: p, forward: fitGaussian('forward', p), reverse: fitGaussian('reverse', p) };
}
