import { describe, expect, it } from 'vitest';
import { toy2d } from '../data/toy2d.js';
import { Rng } from '../random.js';
import { modeMetrics } from './gan.js';
import { countModes, modeHistogram, modesCovered } from './modes.js';

describe('mode coverage on hand-made point sets', () => {
  const ring = toy2d('ring8');
  const r = 3 * ring.sigma; // 0.06

  it('counts a point within 3 sigma of its nearest mode, and none farther away', () => {
    // mode 0 is (2, 0), mode 2 is (0, 2); (1, 1) is 1.41 from both and belongs to none.
    const pts = [2.05, 0, 2, 0.07, 0, 2.0, 1, 1];
    const c = countModes(pts, ring.means, r);
    expect(c.perMode).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    expect(c.highQuality).toBe(2);
    expect(c.total).toBe(4);
  });

  it('a mode is covered at 1% of all samples: 25 of 2,500 counts, 24 does not', () => {
    const pts: number[] = [];
    // 2,000 points on mode 0, 25 on mode 1, 24 on mode 2, the rest at the origin (low quality).
    const [m0, m1, m2] = ring.means;
    for (let i = 0; i < 2000; i++) pts.push(m0[0], m0[1]);
    for (let i = 0; i < 25; i++) pts.push(m1[0], m1[1]);
    for (let i = 0; i < 24; i++) pts.push(m2[0], m2[1]);
    while (pts.length < 5000) pts.push(0, 0);
    const c = countModes(pts, ring.means, r);
    expect(modesCovered(c)).toBe(2);
    const m = modeMetrics(Float32Array.from(pts), ring);
    expect(m.modes_covered).toBe(2);
    expect(m.hq_fraction).toBeCloseTo(2049 / 2500, 12);
    // Histogram of the 2,049 high-quality points: KL to uniform = Σ h log(8h), by hand.
    const h = [2000, 25, 24].map((k) => k / 2049);
    expect(m.mode_kl).toBeCloseTo(h.reduce((s, x) => s + x * Math.log(8 * x), 0), 10);
    // JS(h, u) = ½ Σ h log(h/m) + ½ Σ u log(u/m), m = (h + u)/2 over all 8 bins.
    const hh = [...h, 0, 0, 0, 0, 0];
    const js = hh.reduce((s, x) => {
      const mm = (x + 1 / 8) / 2;
      return s + 0.5 * (x > 0 ? x * Math.log(x / mm) : 0) + 0.5 * (1 / 8) * Math.log(1 / 8 / mm);
    }, 0);
    expect(m.mode_js).toBeCloseTo(js, 10);
  });

  it('samples from the target itself cover all modes with ~98.9% high quality and a near-uniform histogram', () => {
    for (const name of ['ring8', 'grid25']) {
      const toy = toy2d(name);
      const m = modeMetrics(toy.sample(2500, new Rng(1)), toy);
      expect(m.modes_covered).toBe(toy.means.length);
      // P(|N(0, I_2)| <= 3) = 1 - e^{-9/2} = 0.98889; binomial SE over 2,500 is 0.0021.
      expect(Math.abs(m.hq_fraction - (1 - Math.exp(-4.5)))).toBeLessThan(4 * 0.0021);
      expect(m.mode_kl as number).toBeLessThan(0.02);
    }
  });

  it('no high-quality sample: no histogram, KL and JS reported as null', () => {
    const c = countModes([0, 0, 0.5, 0.5], ring.means, r);
    expect(modeHistogram(c)).toBeNull();
    const m = modeMetrics(Float32Array.from([0, 0, 0.5, 0.5]), ring);
    expect(m).toEqual({ modes_covered: 0, modes_total: 8, hq_fraction: 0, mode_kl: null, mode_js: null });
  });
});
