import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { fastLog, highWord, logRatioWithHigh } from './fast-log.js';
import { plainKernels } from './kernels.js';

const ULP1 = 2 ** -52;

/** Values spread over the whole double range, near 1, near slice and exponent boundaries, and the edges. */
function samples(): number[] {
  const rng = new Rng(11);
  const xs: number[] = [];
  for (let i = 0; i < 20_000; i++) xs.push(Math.exp((rng.uniform() - 0.5) * 1400));
  for (let i = 0; i < 5_000; i++) xs.push(0.95 + 0.1 * rng.uniform(), rng.uniform() * 1e-7);
  for (let k = -1022; k <= 1023; k += 7) for (const m of [1, 1 + 1 / 512, 2 - 1e-16, 1.5]) xs.push(m * 2 ** k);
  xs.push(0, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, Infinity, 1, 1 - 1e-16, 1 + 2 ** -52);
  return xs;
}

describe('fastLog', () => {
  it('is within 2 ulp of max(1, |log x|) of Math.log over the whole double range', () => {
    for (const x of samples()) {
      const want = Math.log(x);
      if (!Number.isFinite(want)) expect(fastLog(x)).toBe(want);
      else expect(Math.abs(fastLog(x) - want)).toBeLessThanOrEqual(2 * ULP1 * Math.max(1, Math.abs(want)));
    }
    expect(fastLog(-1)).toBeNaN();
    expect(fastLog(NaN)).toBeNaN();
  });

  it('gives log(x/y) from the two high words within 4 ulp of max(1, |log(x/y)|), and 0 for x = y', () => {
    const xs = samples().filter((x) => x > 0 && x < Infinity);
    const rng = new Rng(5);
    for (let i = 0; i < 20_000; i++) {
      const x = xs[rng.int(xs.length)];
      const y = i % 3 === 0 ? x * (1 + (rng.uniform() - 0.5) * 1e-6) : xs[rng.int(xs.length)];
      // Where x / y leaves the normal range, Math.log(x / y) is the inaccurate one.
      if (!(x / y > 1e-300 && x / y < 1e300)) continue;
      const want = Math.log(x / y);
      const got = logRatioWithHigh(x, highWord(x), y, highWord(y));
      expect(Math.abs(got - want)).toBeLessThanOrEqual(4 * ULP1 * Math.max(1, Math.abs(want)));
    }
    expect(logRatioWithHigh(0.3, highWord(0.3), 0.3, highWord(0.3))).toBe(0);
    expect(logRatioWithHigh(0.3, highWord(0.3), 0, highWord(0))).toBe(Infinity);
  });

  it('makes the plain kernels agree with Math.log sums to 1e-14 relative', () => {
    const rng = new Rng(3);
    const n = 10_000;
    const a = new Float64Array(n).map(() => rng.uniform() / n);
    const b = new Float64Array(n).map(() => rng.uniform() / n);
    let xlogx = 0;
    let rel = 0;
    let js = 0;
    for (let i = 0; i < n; i++) {
      xlogx += a[i] * Math.log(a[i]);
      rel += a[i] * Math.log(a[i] / b[i]);
      const m = a[i] + b[i];
      js += a[i] * Math.log((2 * a[i]) / m) + b[i] * Math.log((2 * b[i]) / m);
    }
    expect(plainKernels.xlogx(a).value).toBeCloseTo(xlogx, 14);
    expect(Math.abs(plainKernels.relEntr(a, b).value / rel - 1)).toBeLessThan(1e-14);
    expect(Math.abs(plainKernels.jsTerms(a, b).value / js - 1)).toBeLessThan(1e-14);
  });
});
