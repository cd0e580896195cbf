// Closed-form KL divergences between Gaussians: univariate, diagonal and full covariance.
import * as tf from '@tensorflow/tfjs';
import { diagPart } from '../numerics/cholesky.js';
import { solveLowerTriangular } from '../numerics/triangular-solve.js';
import { registerKL } from './kl-registry.js';
import { MultivariateNormal, mahalanobisSquared } from './multivariate-normal.js';
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

/** L for MultivariateNormalDiag: diag(scaleDiag), so the full-covariance formula covers mixed pairs. */
function trilOf(d: MultivariateNormal | MultivariateNormalDiag): tf.Tensor {
  if (d instanceof MultivariateNormal) return d.scaleTril;
  const s = d.scaleDiag;
  return tf.mul(tf.expandDims(s, -1), tf.eye(s.shape[s.rank - 1]));
}

/**
 * KL(N(μ₁, L₁L₁ᵀ) ‖ N(μ₂, L₂L₂ᵀ)) = ½(‖L₂⁻¹L₁‖²_F + ‖L₂⁻¹(μ₂-μ₁)‖² - n) + Σ log diag L₂ - Σ log diag L₁,
 * through triangular solves: no inverse, no determinant.
 */
function klMultivariateNormal(p: MultivariateNormal | MultivariateNormalDiag, q: MultivariateNormal | MultivariateNormalDiag): tf.Tensor {
  return tf.tidy(() => {
    const n = p.eventShape[0];
    const l1 = trilOf(p);
    const l2 = trilOf(q);
    const batch = tf.broadcast_util.assertAndGetBroadcastShape(l1.shape.slice(0, -2), l2.shape.slice(0, -2));
    const m = solveLowerTriangular(tf.broadcastTo(l2, [...batch, n, n]), tf.broadcastTo(l1, [...batch, n, n]));
    const trace = tf.sum(tf.square(m), [-2, -1]);
    const maha = mahalanobisSquared(l2, tf.sub(q.loc, p.loc));
    const logDets = tf.sub(tf.sum(tf.log(diagPart(l2)), -1), tf.sum(tf.log(diagPart(l1)), -1));
    return tf.add(tf.mul(0.5, tf.sub(tf.add(trace, maha), n)), logDets);
  });
}

registerKL(MultivariateNormal, MultivariateNormal, klMultivariateNormal);
registerKL(MultivariateNormal, MultivariateNormalDiag, klMultivariateNormal);
registerKL(MultivariateNormalDiag, MultivariateNormal, klMultivariateNormal);
