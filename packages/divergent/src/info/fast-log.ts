// A natural logarithm for the plain-TypeScript kernels, about three times faster than Math.log
// (V8's fdlibm port) and within 2 ulp of it in absolute terms (on the scale of max(1, |log x|)).
//
// x = 2^e · m with m in [1, 2) read from the bits of x; m is split as c_j·(1 + r) with c_j the
// centre of one of 256 equal slices of [1, 2), so |r| < 1/512 and
//   log x = e·ln 2 + log c_j + log1p(r),  log1p(r) = r - r²/2 + r³/3 - r⁴/4 + r⁵/5 + O(r⁶ < 1e-17).
// log c_j is stored as -log(1/c_j) of the very reciprocal used, so the table's rounding cancels.
// Zero, subnormals, negatives, infinities, NaN and x within 1/128 of 1 (where log x is tiny and
// an absolute error of 1 ulp of 1 would be a large relative one) go to Math.log.
//
// The kernels read the high word of each double straight from a Uint32Array view of the input,
// which costs nothing; other values go through a one-element scratch buffer. The hot loops in
// kernels.ts spell logWithHigh out inline with these tables: V8 does not reliably inline the
// call, and a call that returns a double costs more than the logarithm saves.
import { endianness } from 'node:os';

export const SLICES = 256;
export const SLICE_SHIFT = 12; // the top 8 of the 20 mantissa bits in the high word
export const INV_C = new Float64Array(SLICES);
export const LOG_C = new Float64Array(SLICES);
for (let j = 0; j < SLICES; j++) {
  INV_C[j] = 1 / (1 + (j + 0.5) / SLICES);
  LOG_C[j] = -Math.log(INV_C[j]);
}
// 2^-e for each biased exponent, so that x·SCALE[k] = m exactly.
export const SCALE = new Float64Array(2048);
for (let k = 1; k < 2047; k++) SCALE[k] = 2 ** (1023 - k);

const LN2 = Math.LN2;
export const MIN_NORMAL_HI = 0x00100000;
export const INF_HI = 0x7ff00000;
export const NEAR_ONE_LO = 0x3fefe000; // 1 - 2^-7
export const NEAR_ONE_HI = 0x3ff02000; // 1 + 2^-7

/** True where the bits of a Float64Array can be read through a Uint32Array (little-endian). */
export const fastLogAvailable = endianness() === 'LE';

/**
 * The high 32-bit words of a Float64Array's entries, at the odd indices of this view. On a
 * big-endian machine the words are all 0, which sends every value to Math.log.
 */
export function highWords(a: Float64Array): Uint32Array {
  return fastLogAvailable ? new Uint32Array(a.buffer, a.byteOffset, a.length * 2) : new Uint32Array(a.length * 2);
}

/** log(1 + r) for |r| < 1/512. */
function log1pSmall(r: number): number {
  return r - r * r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2)));
}

/** log x given hi, the high word of x's bits. */
export function logWithHigh(x: number, hi: number): number {
  if (hi < MIN_NORMAL_HI || hi >= INF_HI || (hi >= NEAR_ONE_LO && hi < NEAR_ONE_HI)) return Math.log(x);
  const k = hi >>> 20;
  const j = (hi >>> SLICE_SHIFT) & (SLICES - 1);
  return (k - 1023) * LN2 + LOG_C[j] + log1pSmall(x * SCALE[k] * INV_C[j] - 1);
}

/**
 * log(x / y) from the high words of x and y, without dividing: the exponents are subtracted as
 * integers and the table and series parts separately, so the result carries an absolute error
 * of a few ulp of 1, like Math.log(x / y), and is exactly 0 for x = y.
 */
export function logRatioWithHigh(x: number, hx: number, y: number, hy: number): number {
  if (
    hx < MIN_NORMAL_HI || hx >= INF_HI || hy < MIN_NORMAL_HI || hy >= INF_HI ||
    (hx >= NEAR_ONE_LO && hx < NEAR_ONE_HI) || (hy >= NEAR_ONE_LO && hy < NEAR_ONE_HI)
  ) {
    return Math.log(x / y);
  }
  const kx = hx >>> 20;
  const ky = hy >>> 20;
  const jx = (hx >>> SLICE_SHIFT) & (SLICES - 1);
  const jy = (hy >>> SLICE_SHIFT) & (SLICES - 1);
  const series = log1pSmall(x * SCALE[kx] * INV_C[jx] - 1) - log1pSmall(y * SCALE[ky] * INV_C[jy] - 1);
  return (kx - ky) * LN2 + (LOG_C[jx] - LOG_C[jy]) + series;
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
