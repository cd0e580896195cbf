// Solves L X = B for lower-triangular L by forward substitution, in tensor ops (tfjs has no
// triangular solve). Used for Mahalanobis distances and KLs between full-covariance Gaussians
// without forming an inverse, which would square the condition number.
import * as tf from '@tensorflow/tfjs';

/** X with L X = B, for L [..., n, n] (lower triangular, nonzero diagonal) and B [..., n, m] of the same batch. */
export function solveLowerTriangular(l: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const n = l.shape[l.rank - 1];
  if (l.rank < 2 || l.shape[l.rank - 2] !== n || b.rank !== l.rank || b.shape[b.rank - 2] !== n) {
    throw new Error(`solveLowerTriangular: expected L [..., n, n] and B [..., n, m] of one batch, got [${l.shape}] and [${b.shape}]`);
  }
  return tf.tidy(() => {
    const rowAxis = l.rank - 2;
    const xs: tf.Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const li = tf.gather(l, [i], rowAxis); // [..., 1, n]
      let r = tf.gather(b, [i], rowAxis); // [..., 1, m]
      if (i > 0) r = tf.sub(r, tf.matMul(tf.slice(li, Array(l.rank).fill(0), [...l.shape.slice(0, -1).map(() => -1), i]), tf.concat(xs, rowAxis)));
      xs.push(tf.div(r, tf.gather(li, [i], l.rank - 1)));
    }
    return tf.concat(xs, rowAxis);
  });
}
