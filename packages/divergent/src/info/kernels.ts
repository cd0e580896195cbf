// The three hot sums of the measures on float64 arrays, each one pass over the data that also
// gathers the sums and minima of its inputs, so validation needs no pass of its own. The native
// backend's vectorised, threaded versions are used when its addon is loaded; the plain
// TypeScript versions below have the same contract and use the table-driven logarithm of
// fast-log.ts, which is what lets one pass in TypeScript keep up with numpy's log.
import * as native from '@divergent/tfjs-backend-native';
import type { Float64Kernels } from '@divergent/tfjs-backend-native';
import {
  INF_HI,
  INV_C,
  LOG_C,
  MIN_NORMAL_HI,
  NEAR_ONE_HI,
  NEAR_ONE_LO,
  SCALE,
  SLICES,
  SLICE_SHIFT,
  highWords,
} from './fast-log.js';

const LN2 = Math.LN2;

// The tables as locals of the hot loops: an imported binding is re-read through its module cell
// on every access, which measurably slows the loops down.
function tables(): { scale: Float64Array; invC: Float64Array; logC: Float64Array } {
  return { scale: SCALE, invC: INV_C, logC: LOG_C };
}

// A NaN entry makes its sum NaN, which is how the plain kernels report it in the minimum
// without a NaN test in the loop.
function minOrNaN(min: number, sum: number): number {
  return sum === sum ? min : NaN;
}

export const plainKernels: Float64Kernels = {
  xlogx(a) {
    const { scale, invC, logC } = tables();
    const ha = highWords(a);
    let s = 0;
    let sumA = 0;
    let minA = Infinity;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      sumA += x;
      if (x < minA) minA = x;
      if (x > 0) {
        // logWithHigh(x, hi), inline (see fast-log.ts).
        const hi = ha[2 * i + 1];
        let log: number;
        if (hi < MIN_NORMAL_HI || hi >= INF_HI || (hi >= NEAR_ONE_LO && hi < NEAR_ONE_HI)) log = Math.log(x);
        else {
          const e = hi >>> 20;
          const j = (hi >>> SLICE_SHIFT) & (SLICES - 1);
          const r = x * scale[e] * invC[j] - 1;
          log = (e - 1023) * LN2 + logC[j] + (r - r * r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2))));
        }
        s += x * log;
      }
    }
    return { value: s, sumA, minA: minOrNaN(minA, sumA), sumB: 0, minB: 0 };
  },
  relEntr(a, b) {
    const { scale, invC, logC } = tables();
    const ha = highWords(a);
    const hb = highWords(b);
    let s = 0;
    let sumA = 0;
    let sumB = 0;
    let minA = Infinity;
    let minB = Infinity;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      sumA += x;
      sumB += y;
      if (x < minA) minA = x;
      if (y < minB) minB = y;
      if (x > 0) {
        // logRatioWithHigh(x, hx, y, hy), inline (see fast-log.ts). y = 0 (or a negative y,
        // refused afterwards) falls back to Math.log(x / y), which is +Infinity for y = 0.
        const hx = ha[2 * i + 1];
        const hy = hb[2 * i + 1];
        let log: number;
        if (
          hx < MIN_NORMAL_HI || hx >= INF_HI || hy < MIN_NORMAL_HI || hy >= INF_HI ||
          (hx >= NEAR_ONE_LO && hx < NEAR_ONE_HI) || (hy >= NEAR_ONE_LO && hy < NEAR_ONE_HI)
        ) {
          log = Math.log(x / y);
        } else {
          const ex = hx >>> 20;
          const ey = hy >>> 20;
          const jx = (hx >>> SLICE_SHIFT) & (SLICES - 1);
          const jy = (hy >>> SLICE_SHIFT) & (SLICES - 1);
          const rx = x * scale[ex] * invC[jx] - 1;
          const ry = y * scale[ey] * invC[jy] - 1;
          const series =
            rx - rx * rx * (0.5 - rx * (1 / 3 - rx * (0.25 - rx * 0.2))) -
            (ry - ry * ry * (0.5 - ry * (1 / 3 - ry * (0.25 - ry * 0.2))));
          log = (ex - ey) * LN2 + (logC[jx] - logC[jy]) + series;
        }
        s += x * log;
      }
    }
    return { value: s, sumA, minA: minOrNaN(minA, sumA), sumB, minB: minOrNaN(minB, sumB) };
  },
  jsTerms(a, b) {
    let s = 0;
    let sumA = 0;
    let sumB = 0;
    let minA = Infinity;
    let minB = Infinity;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      sumA += x;
      sumB += y;
      if (x < minA) minA = x;
      if (y < minB) minB = y;
      // m = x + y has no bits to read ahead of time; reading them through a scratch buffer
      // measured slower than Math.log of the two ratios.
      const m = x + y;
      if (x > 0) s += x * Math.log((2 * x) / m);
      if (y > 0) s += y * Math.log((2 * y) / m);
    }
    return { value: s, sumA, minA: minOrNaN(minA, sumA), sumB, minB: minOrNaN(minB, sumB) };
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
