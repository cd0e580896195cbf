// Every native kernel, registered on the 'native' backend over the 'cpu' reference ones.
import type * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig, fusedMatMulConfig } from './matmul.js';
import { denseActivationGradConfig, denseConfig } from './matmul_dense.js';
import { leakyReluGradKernelConfig } from './leaky_relu_grad.js';
import { mlpConfig, mlpGradKernelConfig } from './mlp.js';
import { bernoulliVaeConfig } from './bernoulli-vae.js';
import { conv2DBackpropFilterConfig, conv2DBackpropInputConfig, conv2DConfig, fusedConv2DConfig } from './conv.js';
import { avgPoolConfig, avgPoolGradConfig, maxPoolConfig, maxPoolGradConfig } from './pool.js';
import { concatConfig, sliceConfig, splitVConfig, transposeConfig } from './transpose.js';
import { binaryKernelConfigs } from './binary.js';
import { castConfig } from './cast.js';
import { reduceKernelConfigs } from './reduce.js';
import { selectConfig } from './select.js';
import { softmaxConfig } from './softmax.js';
import { unaryKernelConfigs } from './unary.js';

export const nativeKernels: tf.KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
  denseConfig,
  denseActivationGradConfig,
  leakyReluGradKernelConfig,
  mlpConfig,
  mlpGradKernelConfig,
  bernoulliVaeConfig,
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  maxPoolConfig,
  avgPoolConfig,
  maxPoolGradConfig,
  avgPoolGradConfig,
  transposeConfig,
  sliceConfig,
  splitVConfig,
  concatConfig,
  ...unaryKernelConfigs,
  ...binaryKernelConfigs,
  selectConfig,
  ...reduceKernelConfigs,
  softmaxConfig,
  castConfig,
];
