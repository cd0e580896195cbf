// A natural logarithm for the plain-TypeScript kernels: the entropy kernel's loop runs twice as
// fast with it as with Math.log (V8's fdlibm port; 63 against 128 ms over 10 million entries),
// and it stays within 2 ulp of Math.log in absolute terms, on the scale of max(1, |log x|): the
// largest error measured over two million values spread over the whole double range was 1.999
// ulp (log ratios: 2.4 ulp, log(2x/(x+y)): 3.0 ulp, against Math.log of the quotient).
//
// x = 2^e · y with y in [1, 2) read from the bits of x. [1/2, 2) is cut into slices of width
// 1/512 with centres c_k, so that y = c_k·(1 + r) with |r| <= 2^-9 and
//   log x = e·ln 2 + log c_k + log1p(r),  log1p(r) = r - r²/2 + r³/3 - r⁴/4 + r⁵/5 + O(r⁶/6 < 1e-17).
// log c_k is stored as -log(1/c_k) of the very reciprocal used, so the table's rounding cancels.
// The slices reach down to 1/2 for the JS kernel's midpoint (p + q)/2, whose bits are not in
// memory: scaled by the larger exponent of p and q it lies in [1/2, 2), and its slice is found by
// truncating y·512, which gives the same slice and the same r as the bits would for y in [1, 2);
// so log(2p/(p + q)) is exactly 0 where p = q, as Math.log(1) is.
//
// The kernels read the high word of each double straight from an Int32Array view of the input.
// Only positive normal numbers below 2^1023 take the fast path; zero, subnormals, negatives,
// infinities and NaN go to Math.log, and so does x within 1/128 of 1 where log x itself is
// wanted: log x is tiny there, and an absolute error of 1 ulp of 1 would be a large relative one.
// (A log ratio has an absolute error of about 1 ulp of 1 anyway, the rounding of x/y.)
import { endianness } from 'node:os';

/** Slices per unit of y; y·SLICES truncated is the slice index, in [SLICES/2, 2·SLICES). */
const SLICES = 512;
const EXPONENT_SHIFT = 20;
const MANTISSA_SHIFT = 11; // the top 9 of the 20 mantissa bits in the high word
export const INV_C = new Float64Array(2 * SLICES);
export const LOG_C = new Float64Array(2 * SLICES);
for (let k = SLICES / 2; k < 2 * SLICES; k++) {
  INV_C[k] = SLICES / (k + 0.5);
  LOG_C[k] = -Math.log(INV_C[k]);
}
// 2^-e for each biased exponent, so that x·SCALE[k] = y exactly.
export const SCALE = new Float64Array(2048);
for (let k = 1; k < 2047; k++) SCALE[k] = 2 ** (1023 - k);

const LN2 = Math.LN2;
const MIN_NORMAL_HI = 0x00100000;
const FAST_SPAN = 0x7fe00000 - MIN_NORMAL_HI; // up to 2^1023, so that p + q stays finite
const NEAR_ONE_LO = 0x3fefe000; // 1 - 2^-7
const NEAR_ONE_SPAN = 0x3ff02000 - NEAR_ONE_LO; // up to 1 + 2^-7

/** True where the bits of a Float64Array can be read through an Int32Array (little-endian). */
const fastLogAvailable = endianness() === 'LE';

/**
 * The high 32-bit words of a Float64Array's entries, at the odd indices of this view. On a
 * big-endian machine the words are all 0, which sends every value to Math.log.
 */
export function highWords(a: Float64Array): Int32Array {
  return fastLogAvailable ? new Int32Array(a.buffer, a.byteOffset, a.length * 2) : new Int32Array(a.length * 2);
}

/** True for the high word of a positive normal number below 2^1023 (one unsigned compare). */
export function isFastRange(hi: number): boolean {
  return (hi - MIN_NORMAL_HI) >>> 0 < FAST_SPAN;
}

/** True for the high word of a number within 1/128 of 1. */
function isNearOne(hi: number): boolean {
  return (hi - NEAR_ONE_LO) >>> 0 < NEAR_ONE_SPAN;
}

/** The biased exponent of a number in the fast range. */
function exponentOf(hi: number): number {
  return hi >> EXPONENT_SHIFT;
}

/** The slice of y = x·SCALE[exponentOf(hi)] in [1, 2), from the top mantissa bits. */
function sliceOf(hi: number): number {
  return ((hi >> MANTISSA_SHIFT) & (SLICES - 1)) + SLICES;
}

/** log(y / c_k) = log1p(r) for y in slice k. */
function logInSlice(y: number, k: number): number {
  const r = y * INV_C[k] - 1;
  return r - r * r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2)));
}

/** log x given hi, the high word of x's bits. */
export function logWithHigh(x: number, hi: number): number {
  if (!isFastRange(hi) || isNearOne(hi)) return Math.log(x);
  const e = exponentOf(hi);
  const k = sliceOf(hi);
  return (e - 1023) * LN2 + LOG_C[k] + logInSlice(x * SCALE[e], k);
}

/**
 * log(x / y) from the high words of x and y, without dividing: the exponents are subtracted as
 * integers and the table and series parts separately, so the result carries an absolute error
 * of about 1 ulp of 1, like Math.log(x / y), and is exactly 0 for x = y.
 */
export function logRatioWithHigh(x: number, hx: number, y: number, hy: number): number {
  if (!isFastRange(hx) || !isFastRange(hy)) return Math.log(x / y);
  const ex = exponentOf(hx);
  const ey = exponentOf(hy);
  const kx = sliceOf(hx);
  const ky = sliceOf(hy);
  return (ex - ey) * LN2 + (LOG_C[kx] - LOG_C[ky]) + (logInSlice(x * SCALE[ex], kx) - logInSlice(y * SCALE[ey], ky));
}

/**
 * log(2x / (x + y)) for x and y in the fast range: (x + y)/2 scaled by 2^-max(e_x, e_y) lies in
 * [1/2, 2), and its slice is y·SLICES truncated, the same slice and r that the bits of x give
 * where x = y, so the result is exactly 0 there. Like logRatioWithHigh, a sum of small
 * differences with an absolute error of about 1 ulp of 1.
 */
export function logOverHalfSum(x: number, hx: number, y: number, hy: number): number {
  const ex = exponentOf(hx);
  const em = Math.max(ex, exponentOf(hy));
  const kx = sliceOf(hx);
  const ym = (x + y) * 0.5 * SCALE[em];
  const km = (ym * SLICES) | 0;
  return (ex - em) * LN2 + (LOG_C[kx] - LOG_C[km]) + (logInSlice(x * SCALE[ex], kx) - logInSlice(ym, km));
}

const scratch = new Float64Array(1);
const scratchHigh = highWords(scratch);

/** The high word of any x (through the scratch buffer). */
export function highWord(x: number): number {
  scratch[0] = x;
  return scratchHigh[1];
}

/** log x for any x. */
export function fastLog(x: number): number {
  return logWithHigh(x, highWord(x));
}
