// Per-variable optimizer state ("slots") and the two shapes tf.Optimizer passes gradients in.
import * as tf from '@tensorflow/tfjs';

/** A tensor with a name, as tf.Optimizer's applyGradients / getWeights use. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A slot variable with the name getWeights() reports (tf.train's `${name}/m` etc.). */
export interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** A zero-initialised, non-trainable slot shaped like `value`. */
export function slotVariable(value: tf.Variable, originalName: string): Slot {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
}

/** Variable names and gradients, in order, from either form applyGradients accepts. */
export function namedGradients(
  variableGradients: tf.NamedTensorMap | NamedTensor[],
): { name: string; gradient: tf.Tensor | undefined }[] {
  if (Array.isArray(variableGradients)) return variableGradients.map((v) => ({ name: v.name, gradient: v.tensor }));
  return Object.keys(variableGradients).map((name) => ({ name, gradient: variableGradients[name] }));
}
