// Loads the compiled addon once. A missing or broken build is not fatal: the reason is
// kept so that index.ts can warn once and leave TensorFlow.js on its 'cpu' backend.
import { createRequire } from 'node:module';

export interface NativeAddon {
  hardwareThreads(): number;
  /** Threads of the kernels' pool, the caller included (DIVERGENT_NUM_THREADS or the available cores). */
  numThreads(): number;
  /** The vector unit the kernels use: 'avx512', 'avx2' or 'scalar'. */
  isa(): string;
  /** Single-thread FMA throughput of the widest vector unit, GFLOP/s. */
  fmaPeakGflops(): number;
  /**
   * out[b] (m x n) = act(op(A_b) op(B_b) + bias) for b < batch; A_b starts at aOffsets[b]
   * (null: b*m*k), B_b at bOffsets[b] (null: b*k*n). bias / prelu: null, 1 or n values.
   * activation: 0 linear, 1 relu, 2 relu6, 3 elu, 4 leakyrelu (slope alpha), 5 prelu, 6 sigmoid.
   */
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array,
    batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
    aOffsets: Float64Array | null, bOffsets: Float64Array | null,
    bias: Float32Array | null, activation: number, alpha: number, prelu: Float32Array | null,
  ): void;
  /** Single-thread GFLOP/s of an m x k by k x n SGEMM, packing included. */
  gemmGflops(m: number, n: number, k: number, reps: number): number;
}

const require = createRequire(import.meta.url);

function load(): { addon: NativeAddon | null; error: string | null } {
  try {
    return { addon: require('../build/Release/divergent_native.node') as NativeAddon, error: null };
  } catch (e) {
    return { addon: null, error: (e as Error).message };
  }
}

const loaded = load();

export const addon: NativeAddon | null = loaded.addon;
export const addonLoadError: string | null = loaded.error;
