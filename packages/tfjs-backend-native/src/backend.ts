// The 'native' backend: a MathBackendCPU that owns every 'cpu' kernel under its own name,
// so any tfjs program runs unchanged; native kernels then replace the hot ones.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export const BACKEND_NAME = 'native';

export class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    // MathBackendCPU prints an "install tfjs-node" banner on first use in Node; this
    // backend is the answer to that banner, so it must never show.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}

/** Registers every 'cpu' kernel under 'native', then the given native overrides on top. */
export function registerNativeBackend(overrides: tf.KernelConfig[], priority = 3): void {
  if (tf.findBackendFactory(BACKEND_NAME) != null) return;
  tf.registerBackend(BACKEND_NAME, () => new NativeBackend(), priority);
  const replaced = new Set(overrides.map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (!replaced.has(k.kernelName)) tf.registerKernel({ ...k, backendName: BACKEND_NAME });
  }
  for (const k of overrides) tf.registerKernel({ ...k, backendName: BACKEND_NAME });
}
