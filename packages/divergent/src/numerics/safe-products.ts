// Products where a zero weight must win over an infinite factor: the 0·log 0 = 0 convention
// of entropies and KL terms (scipy's xlogy / rel_entr), instead of IEEE's 0·∞ = NaN.
import * as tf from '@tensorflow/tfjs';
import './comparison-gradients.js';

/** w·v, taken as 0 wherever w is 0 (even where v is ±∞ or NaN). */
export function mulNoNan(w: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(w, tf.where(tf.equal(w, 0), tf.zerosLike(v), v)));
}

/** x·log y, taken as 0 wherever x is 0 (even where y is 0). */
export function xlogy(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  // log sees a harmless 1 where the product is forced to 0, so no NaN reaches the gradient.
  return tf.tidy(() => tf.mul(x, tf.log(tf.where(tf.equal(x, 0), tf.onesLike(y), y))));
}
