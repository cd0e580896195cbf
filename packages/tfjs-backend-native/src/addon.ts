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
