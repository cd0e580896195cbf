// Reparameterised Gamma draws by implicit differentiation (Figurnov, Mohamed and Mnih,
// "Implicit reparameterization gradients", NeurIPS 2018): z is drawn by the ordinary
// rejection sampler, and its gradient is that of the quantile it landed on,
// dz/dα = -(∂F/∂α)(z; α) / p(z; α) with F the Gamma CDF. Beta and Dirichlet draws are
// normalised Gammas, so they inherit the gradient.
import * as tf from '@tensorflow/tfjs';
import { gammaSampleDerivative } from '../numerics/incomplete-gamma.js';
import type { Rng } from '../random.js';
import { standardGamma } from './samplers.js';

/** One Gamma(αᵢ, 1) draw per entry of `alpha`, differentiable in alpha. */
export function rsampleStandardGamma(alpha: tf.Tensor, rng: Rng): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const a = args[0] as tf.Tensor;
    const av = a.dataSync();
    const z = new Float64Array(av.length);
    for (let i = 0; i < av.length; i++) z[i] = standardGamma(rng, av[i]);
    return {
      value: tf.tensor(Float32Array.from(z), a.shape, 'float32'),
      // Computed only when a gradient is asked for: plain sampling pays nothing for it.
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor(Float32Array.from(z, (zi, i) => gammaSampleDerivative(av[i], zi)), a.shape, 'float32')),
    };
  });
  return op(alpha);
}
