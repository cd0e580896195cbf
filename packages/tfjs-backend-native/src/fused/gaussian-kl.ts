// KL(N(mu, diag exp(logvar)) || N(0, I)) per row, the VAE's regulariser:
//   -½ Σ (1 + logvar - mu² - exp(logvar))  =  ½ Σ (mu² + expm1(logvar) - logvar),
// the second form avoiding the cancellation of 1 - exp(logvar) near logvar = 0.
// Gradients: ∂/∂mu = mu,  ∂/∂logvar = ½·expm1(logvar).
import * as tf from '@tensorflow/tfjs';
import { rowLoss } from './row-loss.js';

/** Per-row KL of a diagonal Gaussian from the standard normal; shape mu.shape[:-1]. */
export const gaussianKlStdNormal = rowLoss({
  name: 'gaussianKlStdNormal',
  args: ['mu', 'logvar'],
  forward: (native, mu, lv, out, n) => native.gaussianKl(mu, lv, out, n),
  backward: (native, mu, lv, g, dmu, dlv, n) => native.gaussianKlGrad(mu, lv, g, dmu, dlv, n),
  composite: (mu, lv) =>
    tf.tidy(() => tf.scalar(-0.5).mul(tf.scalar(1).add(lv).sub(mu.square()).sub(tf.exp(lv)).sum(-1))),
});
