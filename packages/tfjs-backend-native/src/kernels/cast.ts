// Cast to float32 that copies into a real Float32Array. The reference kernel relabels
// int32 / bool data as float32 without copying, which every native kernel would then have
// to convert on each read; converting once here keeps float32 tensors uniform.
import * as tf from '@tensorflow/tfjs';
import { cpuKernel, nativeKernel, type KernelArgs } from './values.js';

export const castConfig = nativeKernel(tf.Cast, (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  const { dtype } = args.attrs as unknown as { dtype: tf.DataType };
  if (dtype !== 'float32' || (x.dtype !== 'int32' && x.dtype !== 'bool')) return cpuKernel(tf.Cast, args as KernelArgs);
  const values = args.backend.data.get(x.dataId).values as Int32Array | Uint8Array;
  return args.backend.makeTensorInfo(x.shape, 'float32', Float32Array.from(values));
});
