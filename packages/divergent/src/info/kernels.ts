// The three hot sums of the measures on float64 arrays, each one pass over the data that also
// gathers the sums and minima of its inputs, so validation needs no pass of its own. The native
// backend's vectorised, threaded versions are used when its addon is loaded; the plain
// TypeScript versions below have the same contract.
import * as native from '@divergent/tfjs-backend-native';

export interface Float64Stats {
  value: number;
  sumA: number;
  minA: number;
  sumB: number;
  minB: number;
}

export interface Float64Kernels {
  /** Σ a·log a (0·log 0 = 0); sumB/minB are 0. minA is NaN if any entry of a is NaN. */
  xlogx(a: Float64Array): Float64Stats;
  /** Σ a·log(a/b), scipy rel_entr semantics per term: a = 0 -> 0; a > 0, b = 0 -> +Infinity. */
  relEntr(a: Float64Array, b: Float64Array): Float64Stats;
  /** Σ [a·log(2a/(a+b)) + b·log(2b/(a+b))], each term 0 where its own weight is 0. */
  jsTerms(a: Float64Array, b: Float64Array): Float64Stats;
}

// A NaN entry makes its sum NaN, which is how the plain kernels report it in the minimum
// without a NaN test in the loop.
function minOrNaN(min: number, sum: number): number {
  return sum === sum ? min : NaN;
}

export const plainKernels: Float64Kernels = {
  xlogx(a) {
    let s = 0;
    let sumA = 0;
    let minA = Infinity;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      sumA += x;
      if (x < minA) minA = x;
      if (x > 0) s += x * Math.log(x);
    }
    return { value: s, sumA, minA: minOrNaN(minA, sumA), sumB: 0, minB: 0 };
  },
  relEntr(a, b) {
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
      if (x > 0) s += x * Math.log(x / y);
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

export function kernels(): Float64Kernels {
  return (useNative && nativeKernels) || plainKernels;
}
