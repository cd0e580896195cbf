import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { fastLog, highWord, highWords, logOverHalfSum, logRatioWithHigh, logWithHigh } from './fast-log.js';
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
    // The largest error measured over two million such values was 1.999 ulp.
    for (const x of samples()) {
      const want = Math.log(x);
      if (!Number.isFinite(want)) expect(fastLog(x)).toBe(want);
      else expect(Math.abs(fastLog(x) - want)).toBeLessThanOrEqual(2 * ULP1 * Math.max(1, Math.abs(want)));
    }
    expect(fastLog(-1)).toBeNaN();
    expect(fastLog(NaN)).toBeNaN();
  });

  it('gives log(x/y) from the two high words within 4 ulp of max(1, |log(x/y)|), and 0 for x = y', () => {
    // The largest error measured over two million pairs was 2.4 ulp.
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

  it('gives log(2x/(x+y)) within 4 ulp of max(1, |log|), and exactly 0 for x = y', () => {
    // Over two million pairs the largest error measured was 3.0 ulp; Math.log((2 * x) / (x + y))
    // itself carries the roundings of the sum and the quotient.
    const xs = samples().filter((x) => x >= 2 ** -1022 && x < 2 ** 1023);
    const rng = new Rng(7);
    for (let i = 0; i < 20_000; i++) {
      const x = xs[rng.int(xs.length)];
      const y = i % 2 === 0 ? x * (0.25 + 4 * rng.uniform()) : xs[rng.int(xs.length)];
      if (!(y >= 2 ** -1022 && y < 2 ** 1023) || !(x / (x + y) > 1e-300)) continue;
      const want = Math.log((2 * x) / (x + y));
      const got = logOverHalfSum(x, highWord(x), y, highWord(y));
      expect(Math.abs(got - want)).toBeLessThanOrEqual(4 * ULP1 * Math.max(1, Math.abs(want)));
    }
    for (const x of [0.3, 1, 1e-300, 2 ** 1022, 1 + 2 ** -52, 0.5]) expect(logOverHalfSum(x, highWord(x), x, highWord(x))).toBe(0);
    expect(logOverHalfSum(0.3, highWord(0.3), 0.9, highWord(0.9))).toBeCloseTo(Math.log(0.5), 15);
  });

  it('gives plain kernels equal, to the last bit, to the sums of the reference functions in index order', () => {
    // Long enough to cross the kernels' blocks, odd so that the last entry is left over, and
    // with the entries that leave the fast path: zeros, subnormals, values near 1, huge values.
    const rng = new Rng(9);
    const n = 2 * 16_384 + 3;
    const a = new Float64Array(n).map(() => rng.uniform() / n);
    const b = new Float64Array(n).map(() => rng.uniform() / n);
    const odd = [0, 5e-324, 1e-310, 0.999, 1, 1.001, 2 ** 1023, 1e308, 0.5];
    odd.forEach((v, j) => {
      a[j * 3001] = v;
      b[j * 2999 + 1] = v;
      b[j * 3001] = odd[(j + 3) % odd.length];
    });
    a[n - 1] = 0.25;
    b[n - 1] = 0;
    const ha = highWords(a);
    const hb = highWords(b);
    let xlogx = 0;
    let rel = 0;
    let js = 0;
    for (let i = 0; i < n; i++) {
      const [x, y, hx, hy] = [a[i], b[i], ha[2 * i + 1], hb[2 * i + 1]];
      if (x > 0) xlogx += x * logWithHigh(x, hx);
      if (x > 0) rel += x * logRatioWithHigh(x, hx, y, hy);
      const fast = (h: number) => h >= 0x00100000 && h < 0x7fe00000;
      if (fast(hx) && fast(hy)) js += x * logOverHalfSum(x, hx, y, hy) + y * logOverHalfSum(y, hy, x, hx);
      else js += (x > 0 ? x * Math.log((2 * x) / (x + y)) : 0) + (y > 0 ? y * Math.log((2 * y) / (x + y)) : 0);
    }
    expect(plainKernels.xlogx(a).value).toBe(xlogx);
    expect(plainKernels.relEntr(a, b).value).toBe(rel);
    expect(rel).toBe(Infinity); // the last entry: 0.25 against 0
    expect(plainKernels.relEntr(a, a).value).toBe(0);
    expect(plainKernels.jsTerms(a, b).value).toBe(js);
    // (x + y overflows for the two huge entries, as in Math.log((2 * x) / (x + y)).)
    const finite = a.map((v) => (v > 1 ? 0.5 : v));
    expect(plainKernels.jsTerms(finite, finite).value).toBe(0);
    const st = plainKernels.jsTerms(a, b);
    expect([st.sumA, st.minA, st.sumB, st.minB]).toEqual([a.reduce((s, v) => s + v, 0), 0, b.reduce((s, v) => s + v, 0), 0]);
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
