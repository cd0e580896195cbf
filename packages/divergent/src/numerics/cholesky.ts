// Cholesky factorisation A = L Lᵀ of (batches of) symmetric positive-definite matrices,
// which tfjs lacks. Column-by-column (Cholesky–Crout) in tensor ops, so it runs on any
// backend, works on a whole batch at once, and tfjs differentiates it without a hand-written
// backward pass. Cost: n steps of O(n²) work per matrix: meant for the small event sizes of
// distributions (tens of dimensions), not for large linear algebra.
import * as tf from '@tensorflow/tfjs';

/**
 * Lower-triangular L with positive diagonal and A = L Lᵀ, for A of shape [..., n, n].
 * Only the lower triangle of A is read. Where A is not positive definite the failing
 * pivot's square root is NaN, so the result holds NaN: check with `isPositiveDefiniteFactor`.
 */
export function cholesky(a: tf.Tensor): tf.Tensor {
  const n = a.shape[a.rank - 1];
  if (a.rank < 2 || a.shape[a.rank - 2] !== n) throw new Error(`cholesky: expected [..., n, n], got [${a.shape}]`);
  return tf.tidy(() => {
    const rows = tf.range(0, n, 1, 'int32');
    const cols: tf.Tensor[] = [];
    for (let j = 0; j < n; j++) {
      // Column j of A below the diagonal, minus what the earlier columns already explain.
      let v = tf.gather(a, [j], a.rank - 1); // [..., n, 1]
      if (j > 0) {
        const left = tf.concat(cols, -1); // [..., n, j]
        v = tf.sub(v, tf.matMul(left, tf.gather(left, [j], left.rank - 2), false, true));
      }
      const pivot = tf.sqrt(tf.gather(v, [j], v.rank - 2)); // [..., 1, 1]
      const below = tf.reshape(tf.cast(tf.greaterEqual(rows, j), 'float32'), [n, 1]);
      cols.push(tf.mul(tf.div(v, pivot), below));
    }
    return tf.concat(cols, -1);
  });
}

/** The diagonal of [..., n, n] as [..., n]. */
export function diagPart(m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(m, tf.eye(m.shape[m.rank - 1])), -1));
}

/** Whether a Cholesky factor came out finite with a positive diagonal (A was positive definite). */
export function isPositiveDefiniteFactor(l: tf.Tensor): boolean {
  const d = tf.tidy(() => diagPart(l));
  const values = d.dataSync();
  d.dispose();
  return values.every((v) => v > 0 && Number.isFinite(v));
}
