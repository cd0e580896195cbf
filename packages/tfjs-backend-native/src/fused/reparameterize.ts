// The reparameterisation trick, z = mu + eps·exp(logvar/2), as one taped op with a native
// forward and backward pass (csrc/reparameterize.cc) instead of four ops (scale, exp,
// multiply, add) and their gradients, whose tape bookkeeping costs more than the
// arithmetic on a VAE's latent batch. eps may carry leading sample axes over mu's shape
// (k samples per posterior for the IWAE bound); mu and logvar then broadcast over them.
import * as tf from '@tensorflow/tfjs';
import { ewAddon } from '../kernels/elementwise-addon.js';
import { float32Tensor, float32Values, outputFloats } from '../kernels/values.js';
import { cpuFamilyBackend } from '../optimizers/in-place.js';

function check(mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor): void {
  if (!tf.util.arraysEqual(mu.shape, logvar.shape)) {
    throw new RangeError(`reparameterize: 'mu' has shape [${mu.shape}] but 'logvar' has shape [${logvar.shape}]; they must match`);
  }
  const lead = eps.rank - mu.rank;
  if (lead < 0 || !tf.util.arraysEqual(eps.shape.slice(lead), mu.shape)) {
    throw new RangeError(`reparameterize: 'eps' has shape [${eps.shape}]; it must end with mu's shape [${mu.shape}]`);
  }
  for (const [t, name] of [[mu, 'mu'], [logvar, 'logvar'], [eps, 'eps']] as const) {
    if (t.dtype !== 'float32') throw new TypeError(`reparameterize: '${name}' must be float32, got ${t.dtype}`);
  }
}

const native = tf.customGrad(((mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor, save: tf.GradSaveFunc) => {
  const backend = cpuFamilyBackend()!;
  const z = outputFloats(backend, eps.size);
  ewAddon!.reparameterize(float32Values(backend, mu), float32Values(backend, logvar), float32Values(backend, eps), z);
  save([logvar, eps]);
  return {
    value: float32Tensor(backend, eps.shape, z),
    gradFunc: (dz: tf.Tensor, [lv, e]: tf.Tensor[]) => {
      const bk = cpuFamilyBackend()!;
      const dmu = outputFloats(bk, lv.size);
      const dlv = outputFloats(bk, lv.size);
      const deps = outputFloats(bk, e.size);
      ewAddon!.reparameterizeGrad(float32Values(bk, lv), float32Values(bk, e), float32Values(bk, dz), dmu, dlv, deps);
      return [float32Tensor(bk, lv.shape, dmu), float32Tensor(bk, lv.shape, dlv), float32Tensor(bk, e.shape, deps)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor) => tf.Tensor;

/**
 * z = mu + eps·exp(logvar/2), differentiable in all three; eps's shape is mu's with
 * optional leading sample axes. One op each way on the native backend, tfjs ops elsewhere.
 * @example const z = reparameterize(mu, logvar, standardNormal(mu.shape, seed));
 */
export function reparameterize(mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  check(mu, logvar, eps);
  if (cpuFamilyBackend() == null || ewAddon == null || mu.size === 0) {
    return tf.tidy(() => tf.add(mu, tf.mul(eps, tf.exp(tf.mul(logvar, 0.5)))));
  }
  return native(mu, logvar, eps);
}
