// Softmax over the last axis of a float32 tensor: one native pass per row.
import * as tf from '@tensorflow/tfjs';
import { requireEwAddon } from './elementwise-addon.js';
import { cpuKernel, float32Values, nativeKernel, outputFloats, type KernelArgs } from './values.js';

export const softmaxConfig = nativeKernel(tf.Softmax, (args) => {
  const logits = args.inputs.logits as tf.TensorInfo;
  const { dim } = args.attrs as unknown as { dim: number };
  const rank = logits.shape.length;
  const n = rank === 0 ? 1 : logits.shape[rank - 1];
  if (logits.dtype !== 'float32' || (dim !== -1 && dim !== rank - 1) || n === 0) {
    return cpuKernel(tf.Softmax, args as KernelArgs);
  }
  const values = float32Values(args.backend, logits);
  const out = outputFloats(args.backend, values.length);
  requireEwAddon().softmax(values, out, n);
  return args.backend.makeTensorInfo(logits.shape, 'float32', out);
});
