// Every native kernel, registered on the 'native' backend over the 'cpu' reference ones.
import type * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig, fusedMatMulConfig } from './matmul.js';

export const nativeKernels: tf.KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
];
