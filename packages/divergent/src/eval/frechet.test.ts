import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { frechetDistance, frechetDistanceGaussians, symmetricEigen } from './frechet.js';

describe('Fréchet distance', () => {
  it('matches scipy on a 4-D pair of full covariances', () => {
    // Reference: |m1 - m2|² + Tr(S1 + S2 - 2 sqrtm(S1 S2)) with scipy.linalg.sqrtm (scipy 1.10.1).
    const S1 = [
      [9.351537, 3.494118, 3.382073, 2.573354],
      [3.494118, 5.468422, -0.677297, 1.673577],
      [3.382073, -0.677297, 2.414905, 0.520596],
      [2.573354, 1.673577, 0.520596, 1.002336],
    ];
    const S2 = [
      [3.201853, -3.043957, 3.863766, 1.714164],
      [-3.043957, 8.343033, -6.566784, -3.099486],
      [3.863766, -6.566784, 7.404097, 1.278352],
      [1.714164, -3.099486, 1.278352, 4.775443],
    ];
    const d = frechetDistanceGaussians(
      Float64Array.of(0, 1, 2, 3),
      Float64Array.from(S1.flat()),
      Float64Array.of(1, -1, 0.5, 2),
      Float64Array.from(S2.flat()),
    );
    expect(d).toBeCloseTo(19.583406633753633, 9);
  });

  it('diagonal covariances reduce to Σ(μ₁-μ₂)² + Σ(σ₁-σ₂)², by hand', () => {
    const d = frechetDistanceGaussians(Float64Array.of(0, 0), Float64Array.of(4, 0, 0, 1), Float64Array.of(3, 0), Float64Array.of(1, 0, 0, 9));
    expect(d).toBeCloseTo(9 + 1 + 4, 12);
  });

  it('eigen-decomposition of [[2,1],[1,2]] gives 1 and 3', () => {
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(Array.from(values).sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });

  it('from samples: two draws of N(0, I₃) are close, a shift by 1 in each coordinate adds 3', () => {
    const rng = new Rng(1);
    const n = 20000;
    const a = Float64Array.from({ length: 3 * n }, () => rng.normal());
    const b = Float64Array.from({ length: 3 * n }, () => rng.normal());
    const same = frechetDistance(a, n, b, n, 3);
    expect(same).toBeLessThan(0.01); // bias and noise are O(d/n) = 1.5e-4 here
    const shifted = frechetDistance(a, n, b.map((x) => x + 1), n, 3);
    // |μa - μb - 1|² = 3 - 2Σ(μa - μb)_i + O(1/n): the cross term has SD 2·sqrt(3·2/n) = 0.035.
    expect(Math.abs(shifted - 3)).toBeLessThan(4 * 0.035);
  });
});
