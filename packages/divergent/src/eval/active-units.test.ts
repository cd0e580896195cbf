import { describe, expect, it } from 'vitest';
import { countActiveUnits, MomentAccumulator } from './active-units.js';

describe('active units', () => {
  it('streams the population variance of each column exactly as a two-pass computation', () => {
    // Column 0: 1, 2, 3, 4, 5 (variance 2); column 1: constant 7 (variance 0).
    const acc = new MomentAccumulator(2);
    acc.add([1, 7, 2, 7], 2);
    acc.add([3, 7, 4, 7, 5, 7], 3);
    const v = acc.variance();
    expect(v[0]).toBeCloseTo(2, 12);
    expect(v[1]).toBe(0);
  });

  it('counts dimensions whose posterior-mean variance exceeds 0.01 (Burda et al.)', () => {
    expect(countActiveUnits([0.5, 0.011, 0.01, 0.0001])).toBe(2);
  });
});
