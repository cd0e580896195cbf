// Closed-form KL divergences between Gaussians.
import * as tf from '@tensorflow/tfjs';
import { registerKL } from './kl-registry.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';

/**
 * KL(N(μp, σp²) ‖ N(μq, σq²)) = ½((μp - μq)/σq)² + ½(r - 1 - log r), r = σp²/σq².
 * With t = log σp - log σq, r - 1 - log r = expm1(2t) - 2t, which keeps its accuracy as σp → σq
 * (instead of subtracting 1 from a ratio that rounds near 1).
 */
export function klNormalNormal(p: Normal, q: Normal): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(p.loc, q.loc), q.scale);
    const t2 = tf.mul(2, tf.sub(tf.log(p.scale), tf.log(q.scale)));
    return tf.mul(0.5, tf.add(tf.square(z), tf.sub(tf.expm1(t2), t2)));
  });
}

registerKL(Normal, Normal, klNormalNormal);

registerKL(MultivariateNormalDiag, MultivariateNormalDiag, (p: MultivariateNormalDiag, q: MultivariateNormalDiag) =>
  tf.tidy(() => tf.sum(klNormalNormal(p.base as Normal, q.base as Normal), -1)),
);
