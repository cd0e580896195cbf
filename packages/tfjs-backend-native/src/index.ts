// @divergent/tfjs-backend-native: importing this module registers the 'native' backend
// (when the addon loaded) and makes it the default; otherwise it warns once and leaves 'cpu'.
import * as tf from '@tensorflow/tfjs';
import { addon, addonLoadError } from './addon.js';
import { BACKEND_NAME, registerNativeBackend } from './backend.js';
import { nativeKernels } from './kernels/index.js';
import { denseGradConfig } from './kernels/matmul_dense.js';
import { leakyReluGradConfig, leakyReluGradGradConfig } from './kernels/leaky_relu_grad.js';
import { mlpGradConfig } from './kernels/mlp.js';
import { bernoulliVaeGradConfig } from './kernels/bernoulli-vae.js';

export { BACKEND_NAME } from './backend.js';
export { float64Kernels, type Float64Kernels, type Float64Stats } from './float64.js';
export { NativeAdamOptimizer, nativeAdam } from './optimizers/adam.js';
export { NativeMomentumOptimizer, nativeMomentum } from './optimizers/momentum.js';
export * as fused from './fused/index.js';
export { dense, type DenseActivation } from './kernels/matmul_dense.js';
export { standardNormal, xoshiro128Bernoulli, type BernoulliRows } from './random.js';
export { mlp, mlpHeads, type MlpLayer } from './kernels/mlp.js';
export { bernoulliVae, bernoulliVaeGradients, type BernoulliVaeGradients, type BernoulliVaeOptions, type BernoulliVaeTerms, type GaussianEncoder } from './kernels/bernoulli-vae.js';

/** True when the C++ addon loaded and the 'native' backend is registered. */
export const nativeAvailable = addon != null;

if (addon != null) {
  registerNativeBackend(nativeKernels);
  for (const config of [denseGradConfig, mlpGradConfig, bernoulliVaeGradConfig]) {
    if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
  }
  // Replaces tfjs's own LeakyRelu gradient: same values, one kernel where one is registered.
  tf.registerGradient(leakyReluGradConfig);
  tf.registerGradient(leakyReluGradGradConfig);
} else {
  console.warn(
    `@divergent/tfjs-backend-native: the C++ addon could not be loaded (${addonLoadError}). ` +
      "TensorFlow.js stays on its slow 'cpu' backend. To fix it, install g++, make and python3 " +
      'and run `npm rebuild @divergent/tfjs-backend-native`.',
  );
}

/** Why the addon is unavailable, or null when it loaded. */
export function nativeLoadError(): string | null {
  return addonLoadError;
}

/** Hardware threads of the machine. */
export function hardwareThreads(): number {
  return addon?.hardwareThreads() ?? 1;
}

/** Threads the native kernels use (DIVERGENT_NUM_THREADS, else the available cores); 1 without the addon. */
export function numThreads(): number {
  return addon?.numThreads() ?? 1;
}

