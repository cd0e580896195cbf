// tfjs has no stop_gradient: an identity whose gradient is zero. sample() uses it so that a
// draw built from the reparameterised path carries no gradient back to the parameters.
import * as tf from '@tensorflow/tfjs';

const identityWithZeroGrad = tf.customGrad((...inputs) => {
  const x = inputs[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** `x` itself as far as values go; blocks gradients flowing back into `x`. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithZeroGrad(x) as T;
}
