import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { toy2d } from './toy2d.js';

describe('toy 2-D targets', () => {
  it('ring8: 8 means of radius 2, sigma 0.02; grid25: means {-4,-2,0,2,4}², sigma 0.05', () => {
    const ring = toy2d('ring8');
    expect(ring.means).toHaveLength(8);
    for (const [x, y] of ring.means) expect(Math.hypot(x, y)).toBeCloseTo(2, 12);
    expect(ring.means[2][0]).toBeCloseTo(0, 12);
    expect(ring.means[2][1]).toBeCloseTo(2, 12);
    expect(ring.sigma).toBe(0.02);
    const grid = toy2d('grid25');
    expect(grid.means.map(([x, y]) => `${x},${y}`).sort()).toEqual(
      [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => `${x},${y}`)).sort(),
    );
    expect(grid.sigma).toBe(0.05);
  });

  it('samples are seeded and have the stated spread: distance² to the nearest mean averages 2σ²', () => {
    const ring = toy2d('ring8');
    const a = ring.sample(4000, new Rng(5));
    expect(ring.sample(4000, new Rng(5))).toEqual(a);
    let s = 0;
    for (let i = 0; i < 4000; i++) {
      s += Math.min(...ring.means.map(([mx, my]) => (a[2 * i] - mx) ** 2 + (a[2 * i + 1] - my) ** 2));
    }
    // E|N(0, σ²I₂)|² = 2σ² = 8e-4; its SE over 4,000 draws is 2σ²/sqrt(4000) = 1.3e-5.
    expect(Math.abs(s / 4000 - 8e-4)).toBeLessThan(4 * 1.3e-5);
  });

  it('the density integrates to 1 over the plotting window (ring8, midpoint rule)', () => {
    const ring = toy2d('ring8');
    const h = 0.01; // σ/2: the midpoint rule is exponentially accurate on Gaussians
    let total = 0;
    for (let x = -ring.extent + h / 2; x < ring.extent; x += h) for (let y = -ring.extent + h / 2; y < ring.extent; y += h) total += ring.density(x, y) * h * h;
    expect(total).toBeCloseTo(1, 3);
  });

  it('moons: two arcs, every sample within 5 noise stds of one', () => {
    const moons = toy2d('moons');
    const pts = moons.sample(500, new Rng(2));
    expect(pts.every((v) => Math.abs(v) < moons.extent)).toBe(true);
    expect(moons.density(pts[0], pts[1])).toBeGreaterThan(0.01);
  });

  it('an unknown name lists the valid ones', () => {
    expect(() => toy2d('ring9')).toThrow("dataset: unknown toy dataset 'ring9'; valid: ring8, grid25, moons");
  });
});
