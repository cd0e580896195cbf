import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cholesky, isPositiveDefiniteFactor } from './cholesky.js';
import { gradientError, leakedTensors } from './finite-difference.js';
import { solveLowerTriangular } from './triangular-solve.js';

const A = [
  [4, 2, 0.6],
  [2, 5, 1.5],
  [0.6, 1.5, 3],
];
// numpy 1.x: np.linalg.cholesky(A) (the first two rows are exact by hand: 2, 1, 2).
const L = [
  [2, 0, 0],
  [1, 2, 0],
  [0.3, 0.6, 1.5968719422671311],
];

function expectMatrix(actual: tf.Tensor, expected: number[][], tol = 1e-5): void {
  const a = actual.arraySync() as number[][];
  expected.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(a[i][j] - v)).toBeLessThan(tol)));
}

describe('cholesky', () => {
  it('matches numpy and reconstructs A = L Lᵀ, for a batch of matrices', () => {
    expect(
      leakedTensors(() => {
        const a = tf.tensor3d([A, [[9, 0, 0], [0, 1, 0], [0, 0, 0.25]]]);
        const l = cholesky(a);
        const [l0, l1] = tf.unstack(l);
        expectMatrix(l0, L);
        expectMatrix(l1, [
          [3, 0, 0],
          [0, 1, 0],
          [0, 0, 0.5],
        ]);
        const back = tf.matMul(l0, l0, false, true);
        expectMatrix(back, A);
        expect(isPositiveDefiniteFactor(l)).toBe(true);
        tf.dispose([a, l, l0, l1, back]);
      }),
    ).toBe(0);
  });

  it('flags matrices that are not positive definite', () => {
    tf.tidy(() => {
      expect(isPositiveDefiniteFactor(cholesky(tf.tensor2d([[1, 2], [2, 1]])))).toBe(false);
      expect(isPositiveDefiniteFactor(cholesky(tf.tensor2d([[1, 1], [1, 1]])))).toBe(false);
    });
  });

  it('has gradients that match finite differences (through a symmetric input)', () => {
    tf.tidy(() => {
      const w = tf.tensor2d([
        [0.3, 0, 0],
        [-1.1, 0.8, 0],
        [0.5, 0.2, -0.7],
      ]);
      // A weighted sum of L's entries, as a function of a symmetrised matrix.
      const f = (m: tf.Tensor): tf.Tensor => tf.sum(tf.mul(cholesky(tf.mul(0.5, tf.add(m, tf.transpose(m)))), w));
      expect(gradientError(f, tf.tensor2d(A), 1e-2)).toBeLessThan(2e-3);
    });
  });
});

describe('solveLowerTriangular', () => {
  it('matches scipy.linalg.solve_triangular(L, B, lower=True)', () => {
    tf.tidy(() => {
      const x = solveLowerTriangular(tf.tensor2d(L), tf.tensor2d([[1, 2], [0, -1], [3, 0.5]]));
      // scipy 1.10.1; the first row is 1/2, 2/2 by hand.
      expectMatrix(x, [
        [0.5, 1],
        [-0.25, -1],
        [1.8786728732554487, 0.5009794328681196],
      ]);
    });
  });

  it('has gradients in L and B that match finite differences', () => {
    tf.tidy(() => {
      const b = tf.tensor2d([[1, 2], [0, -1], [3, 0.5]]);
      const w = tf.tensor2d([[0.4, -1], [2, 0.3], [-0.6, 1]]);
      expect(gradientError((l) => tf.sum(tf.mul(solveLowerTriangular(l, b), w)), tf.tensor2d(L))).toBeLessThan(2e-3);
      expect(gradientError((bb) => tf.sum(tf.mul(solveLowerTriangular(tf.tensor2d(L), bb), w)), b)).toBeLessThan(2e-3);
    });
  });
});
