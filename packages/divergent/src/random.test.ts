import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('gives uniforms with mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const r = new Rng(42);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Var of U^2 is 4/45, so the sample variance has standard error about sqrt(4/45/n).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(4 / 45 / n));
  });

  it('gives standard normals with mean 0 and variance 1 within 4 standard errors', () => {
    const r = new Rng(7);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('resumes the same stream from a saved state', () => {
    const a = new Rng(3);
    a.uniform();
    const b = Rng.fromState(a.state());
    expect([a.uniform(), a.uniform()]).toEqual([b.uniform(), b.uniform()]);
  });

  it('permutes every index exactly once', () => {
    const p = Array.from(new Rng(1).permutation(1000)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
