// The three hot sums of the measures on float64 arrays, each one pass over the data that also
// gathers the sums and minima of its inputs, so validation needs no pass of its own. The native
// backend's vectorised, threaded versions are used when its addon is loaded; the plain
// TypeScript versions below have the same contract and use the table-driven logarithm of
// fast-log.ts, which is what lets one pass in TypeScript outrun numpy's log.
import * as native from '@divergent/tfjs-backend-native';
import type { Float64Kernels, Float64Stats } from '@divergent/tfjs-backend-native';
import { INV_C, LOG_C, SCALE, highWords, isFastRange, logOverHalfSum, logRatioWithHigh, logWithHigh } from './fast-log.js';

const LN2 = Math.LN2;

// The loops below spell out fast-log.ts's logWithHigh, logRatioWithHigh and logOverHalfSum (the
// tested reference; the tests hold the kernels to them) with the tables copied into locals and
// the constants written as literals: 0x00100000 and 0x7fd00000 the fast range (positive
// normal, below 2^1023), 0x3fefe000 and 0x4000 the numbers within 1/128 of 1, >> 20 the
// exponent, (>> 11) & 511 the top 9 mantissa bits, 512 = SLICES. V8 inlines calls to small
// helpers but re-checks the callee and re-reads module bindings on every iteration, and locals
// holding the constants cost registers: both measured 10-40% slower than spelled-out arithmetic.
// Each loop takes two entries per iteration (the second body is the first with i + 1), which
// measured 20-25% faster than one; they are added in index order, so the sums round exactly as
// a plain loop's. An odd last entry goes through the reference functions.

// A NaN entry makes its sum NaN, which is how the plain kernels report it in the minimum
// without a NaN test in the loop.
function minOrNaN(min: number, sum: number): number {
  return sum === sum ? min : NaN;
}

function xlogxTerm(x: number, hi: number): number {
  return x > 0 ? x * logWithHigh(x, hi) : 0;
}

function relEntrTerm(x: number, hx: number, y: number, hy: number): number {
  // y = 0 (or a negative y, refused afterwards) gives Math.log(x / y): +Infinity for y = 0.
  return x > 0 ? x * logRatioWithHigh(x, hx, y, hy) : 0;
}

function jsTerm(x: number, hx: number, y: number, hy: number): number {
  if (isFastRange(hx) && isFastRange(hy)) return x * logOverHalfSum(x, hx, y, hy) + y * logOverHalfSum(y, hy, x, hx);
  // Zeros and the rest; each term is 0 where its own weight is 0.
  const m = x + y;
  return (x > 0 ? x * Math.log((2 * x) / m) : 0) + (y > 0 ? y * Math.log((2 * y) / m) : 0);
}

// The kernels run their loops in blocks of BLOCK entries, one call each, with the running sums
// and minima carried in `acc` ([s, sumA, minA, sumB, minB]) so that the order of summation
// is that of one loop. A loop first entered on a long array is compiled by on-stack replacement
// part-way through, and that code measured twice as slow as the block function's, which V8
// compiles at its entry after its first few calls.
const BLOCK = 1 << 14;

function newAcc(): Float64Array {
  return Float64Array.of(0, 0, Infinity, 0, Infinity);
}

function stats(acc: Float64Array, pair: boolean): Float64Stats {
  return {
    value: acc[0],
    sumA: acc[1],
    minA: minOrNaN(acc[2], acc[1]),
    sumB: pair ? acc[3] : 0,
    minB: pair ? minOrNaN(acc[4], acc[3]) : 0,
  };
}

/** Σ x·log x over a[start, end), start even, into acc. */
function xlogxBlock(a: Float64Array, ha: Int32Array, start: number, end: number, acc: Float64Array): void {
  const invC = INV_C;
  const logC = LOG_C;
  const scale = SCALE;
  let s = acc[0];
  let sumA = acc[1];
  let minA = acc[2];
  let i = start;
  for (; i + 1 < end; i += 2) {
    const x0 = a[i];
    const x1 = a[i + 1];
    sumA += x0;
    sumA += x1;
    if (x0 < minA) minA = x0;
    if (x1 < minA) minA = x1;
    const h0 = ha[2 * i + 1];
    const h1 = ha[2 * i + 3];
    if ((h0 - 0x00100000) >>> 0 < 0x7fd00000 && (h0 - 0x3fefe000) >>> 0 >= 0x4000) {
      const e = h0 >> 20;
      const k = ((h0 >> 11) & 511) + 512;
      const r = x0 * scale[e] * invC[k] - 1;
      s += x0 * ((e - 1023) * LN2 + logC[k] + (r - r * r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2)))));
    } else if (x0 > 0) s += x0 * Math.log(x0);
    if ((h1 - 0x00100000) >>> 0 < 0x7fd00000 && (h1 - 0x3fefe000) >>> 0 >= 0x4000) {
      const e = h1 >> 20;
      const k = ((h1 >> 11) & 511) + 512;
      const r = x1 * scale[e] * invC[k] - 1;
      s += x1 * ((e - 1023) * LN2 + logC[k] + (r - r * r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2)))));
    } else if (x1 > 0) s += x1 * Math.log(x1);
  }
  if (i < end) {
    sumA += a[i];
    if (a[i] < minA) minA = a[i];
    s += xlogxTerm(a[i], ha[2 * i + 1]);
  }
  acc[0] = s;
  acc[1] = sumA;
  acc[2] = minA;
}

/** Σ x·log(x/y) over [start, end), start even, into acc. */
function relEntrBlock(a: Float64Array, ha: Int32Array, b: Float64Array, hb: Int32Array, start: number, end: number, acc: Float64Array): void {
  const invC = INV_C;
  const logC = LOG_C;
  const scale = SCALE;
  let s = acc[0];
  let sumA = acc[1];
  let minA = acc[2];
  let sumB = acc[3];
  let minB = acc[4];
  let i = start;
  for (; i + 1 < end; i += 2) {
    const x0 = a[i];
    const x1 = a[i + 1];
    const y0 = b[i];
    const y1 = b[i + 1];
    sumA += x0;
    sumA += x1;
    sumB += y0;
    sumB += y1;
    if (x0 < minA) minA = x0;
    if (x1 < minA) minA = x1;
    if (y0 < minB) minB = y0;
    if (y1 < minB) minB = y1;
    const hx0 = ha[2 * i + 1];
    const hy0 = hb[2 * i + 1];
    const hx1 = ha[2 * i + 3];
    const hy1 = hb[2 * i + 3];
    if ((hx0 - 0x00100000) >>> 0 < 0x7fd00000 && (hy0 - 0x00100000) >>> 0 < 0x7fd00000) {
      const ex = hx0 >> 20;
      const ey = hy0 >> 20;
      const kx = ((hx0 >> 11) & 511) + 512;
      const ky = ((hy0 >> 11) & 511) + 512;
      const rx = x0 * scale[ex] * invC[kx] - 1;
      const ry = y0 * scale[ey] * invC[ky] - 1;
      const series = rx - rx * rx * (0.5 - rx * (1 / 3 - rx * (0.25 - rx * 0.2))) - (ry - ry * ry * (0.5 - ry * (1 / 3 - ry * (0.25 - ry * 0.2))));
      s += x0 * ((ex - ey) * LN2 + (logC[kx] - logC[ky]) + series);
    } else if (x0 > 0) s += x0 * Math.log(x0 / y0);
    if ((hx1 - 0x00100000) >>> 0 < 0x7fd00000 && (hy1 - 0x00100000) >>> 0 < 0x7fd00000) {
      const ex = hx1 >> 20;
      const ey = hy1 >> 20;
      const kx = ((hx1 >> 11) & 511) + 512;
      const ky = ((hy1 >> 11) & 511) + 512;
      const rx = x1 * scale[ex] * invC[kx] - 1;
      const ry = y1 * scale[ey] * invC[ky] - 1;
      const series = rx - rx * rx * (0.5 - rx * (1 / 3 - rx * (0.25 - rx * 0.2))) - (ry - ry * ry * (0.5 - ry * (1 / 3 - ry * (0.25 - ry * 0.2))));
      s += x1 * ((ex - ey) * LN2 + (logC[kx] - logC[ky]) + series);
    } else if (x1 > 0) s += x1 * Math.log(x1 / y1);
  }
  if (i < end) {
    sumA += a[i];
    sumB += b[i];
    if (a[i] < minA) minA = a[i];
    if (b[i] < minB) minB = b[i];
    s += relEntrTerm(a[i], ha[2 * i + 1], b[i], hb[2 * i + 1]);
  }
  acc[0] = s;
  acc[1] = sumA;
  acc[2] = minA;
  acc[3] = sumB;
  acc[4] = minB;
}

/** Σ x·log(2x/(x+y)) + y·log(2y/(x+y)), each term 0 where its weight is, over [start, end), start even, into acc. */
function jsBlock(a: Float64Array, ha: Int32Array, b: Float64Array, hb: Int32Array, start: number, end: number, acc: Float64Array): void {
  const invC = INV_C;
  const logC = LOG_C;
  const scale = SCALE;
  let s = acc[0];
  let sumA = acc[1];
  let minA = acc[2];
  let sumB = acc[3];
  let minB = acc[4];
  let i = start;
  for (; i + 1 < end; i += 2) {
    const x0 = a[i];
    const x1 = a[i + 1];
    const y0 = b[i];
    const y1 = b[i + 1];
    sumA += x0;
    sumA += x1;
    sumB += y0;
    sumB += y1;
    if (x0 < minA) minA = x0;
    if (x1 < minA) minA = x1;
    if (y0 < minB) minB = y0;
    if (y1 < minB) minB = y1;
    const hx0 = ha[2 * i + 1];
    const hy0 = hb[2 * i + 1];
    const hx1 = ha[2 * i + 3];
    const hy1 = hb[2 * i + 3];
    // logOverHalfSum for both terms, sharing the midpoint's slice and series.
    if ((hx0 - 0x00100000) >>> 0 < 0x7fd00000 && (hy0 - 0x00100000) >>> 0 < 0x7fd00000) {
      const ex = hx0 >> 20;
      const ey = hy0 >> 20;
      const em = ex > ey ? ex : ey;
      const kx = ((hx0 >> 11) & 511) + 512;
      const ky = ((hy0 >> 11) & 511) + 512;
      const ym = (x0 + y0) * 0.5 * scale[em];
      const km = (ym * 512) | 0;
      const rx = x0 * scale[ex] * invC[kx] - 1;
      const ry = y0 * scale[ey] * invC[ky] - 1;
      const rm = ym * invC[km] - 1;
      const seriesM = rm - rm * rm * (0.5 - rm * (1 / 3 - rm * (0.25 - rm * 0.2)));
      const logX = (ex - em) * LN2 + (logC[kx] - logC[km]) + (rx - rx * rx * (0.5 - rx * (1 / 3 - rx * (0.25 - rx * 0.2))) - seriesM);
      const logY = (ey - em) * LN2 + (logC[ky] - logC[km]) + (ry - ry * ry * (0.5 - ry * (1 / 3 - ry * (0.25 - ry * 0.2))) - seriesM);
      s += x0 * logX + y0 * logY;
    } else s += jsTerm(x0, hx0, y0, hy0);
    if ((hx1 - 0x00100000) >>> 0 < 0x7fd00000 && (hy1 - 0x00100000) >>> 0 < 0x7fd00000) {
      const ex = hx1 >> 20;
      const ey = hy1 >> 20;
      const em = ex > ey ? ex : ey;
      const kx = ((hx1 >> 11) & 511) + 512;
      const ky = ((hy1 >> 11) & 511) + 512;
      const ym = (x1 + y1) * 0.5 * scale[em];
      const km = (ym * 512) | 0;
      const rx = x1 * scale[ex] * invC[kx] - 1;
      const ry = y1 * scale[ey] * invC[ky] - 1;
      const rm = ym * invC[km] - 1;
      const seriesM = rm - rm * rm * (0.5 - rm * (1 / 3 - rm * (0.25 - rm * 0.2)));
      const logX = (ex - em) * LN2 + (logC[kx] - logC[km]) + (rx - rx * rx * (0.5 - rx * (1 / 3 - rx * (0.25 - rx * 0.2))) - seriesM);
      const logY = (ey - em) * LN2 + (logC[ky] - logC[km]) + (ry - ry * ry * (0.5 - ry * (1 / 3 - ry * (0.25 - ry * 0.2))) - seriesM);
      s += x1 * logX + y1 * logY;
    } else s += jsTerm(x1, hx1, y1, hy1);
  }
  if (i < end) {
    sumA += a[i];
    sumB += b[i];
    if (a[i] < minA) minA = a[i];
    if (b[i] < minB) minB = b[i];
    s += jsTerm(a[i], ha[2 * i + 1], b[i], hb[2 * i + 1]);
  }
  acc[0] = s;
  acc[1] = sumA;
  acc[2] = minA;
  acc[3] = sumB;
  acc[4] = minB;
}

export const plainKernels: Float64Kernels = {
  xlogx(a) {
    const ha = highWords(a);
    const acc = newAcc();
    for (let start = 0; start < a.length; start += BLOCK) xlogxBlock(a, ha, start, Math.min(start + BLOCK, a.length), acc);
    return stats(acc, false);
  },
  relEntr(a, b) {
    const ha = highWords(a);
    const hb = highWords(b);
    const acc = newAcc();
    for (let start = 0; start < a.length; start += BLOCK) relEntrBlock(a, ha, b, hb, start, Math.min(start + BLOCK, a.length), acc);
    return stats(acc, true);
  },
  jsTerms(a, b) {
    const ha = highWords(a);
    const hb = highWords(b);
    const acc = newAcc();
    for (let start = 0; start < a.length; start += BLOCK) jsBlock(a, ha, b, hb, start, Math.min(start + BLOCK, a.length), acc);
    return stats(acc, true);
  },
};

/** The native float64 kernels, or null until the addon provides them. */
export const nativeKernels: Float64Kernels | null =
  (native as unknown as { float64Kernels?: Float64Kernels | null }).float64Kernels ?? null;

let useNative = true;

/** Chooses between the native and the plain kernels (the benchmark times both). */
export function preferNativeKernels(enabled: boolean): void {
  useNative = enabled;
}

// Below this length a call into the addon costs more than the arithmetic it saves.
const NATIVE_MIN_LENGTH = 4096;

/** The kernels for rows of length n. */
export function kernels(n: number): Float64Kernels {
  return (useNative && n >= NATIVE_MIN_LENGTH && nativeKernels) || plainKernels;
}
