// Float64 reductions for the information measures' array path: each call is one threaded,
// vectorised pass that also returns the sums and minima of its inputs, so a caller can
// validate (negative entries, NaN, normalisation) without a second pass. Pieces of fixed
// length are combined in a fixed order: results do not depend on DIVERGENT_NUM_THREADS.
import { ewAddon, type ElementwiseAddon } from './kernels/elementwise-addon.js';

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
  /** Σ [a·log(2a/(a+b)) + b·log(2b/(a+b))], each term 0 where its own weight is 0 (= 2·JS divergence for probability vectors). */
  jsTerms(a: Float64Array, b: Float64Array): Float64Stats;
}

function stats(r: Float64Array): Float64Stats {
  return { value: r[0], sumA: r[1], minA: r[2], sumB: r[3], minB: r[4] };
}

function checkPair(name: string, a: Float64Array, b: Float64Array): void {
  if (!(a instanceof Float64Array) || !(b instanceof Float64Array)) {
    throw new TypeError(`float64Kernels.${name}: both arguments must be Float64Arrays`);
  }
  if (a.length !== b.length) {
    throw new RangeError(`float64Kernels.${name}: lengths differ (a has ${a.length}, b has ${b.length} entries)`);
  }
}

function makeKernels(native: ElementwiseAddon): Float64Kernels {
  return {
    xlogx(a) {
      if (!(a instanceof Float64Array)) throw new TypeError('float64Kernels.xlogx: the argument must be a Float64Array');
      return stats(native.f64Stats(0, a, null));
    },
    relEntr(a, b) {
      checkPair('relEntr', a, b);
      return stats(native.f64Stats(1, a, b));
    },
    jsTerms(a, b) {
      checkPair('jsTerms', a, b);
      return stats(native.f64Stats(2, a, b));
    },
  };
}

/** The native float64 kernels, or null when the addon did not load. */
export const float64Kernels: Float64Kernels | null = ewAddon == null ? null : makeKernels(ewAddon);
