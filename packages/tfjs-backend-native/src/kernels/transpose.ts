// Transpose of float32 and int32 tensors by the native tiled permutation.
import * as tf from '@tensorflow/tfjs';
import { cpuKernel, float32Values, nativeAddon, nativeKernel, type KernelArgs } from './values.js';

export const transposeConfig = nativeKernel(tf.Transpose, (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const values: unknown = args.backend.data.get(x.dataId).values;
  const shape = Float64Array.from(x.shape);
  const outShape = perm.map((p) => x.shape[p]);
  const size = tf.util.sizeFromShape(x.shape);
  if (x.dtype === 'float32') {
    const out = new Float32Array(size);
    nativeAddon().transpose(float32Values(args.backend, x), out, shape, Float64Array.from(perm));
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  }
  if (x.dtype === 'int32' && values instanceof Int32Array) {
    const out = new Int32Array(size);
    nativeAddon().transpose(values, out, shape, Float64Array.from(perm));
    return args.backend.makeTensorInfo(outShape, 'int32', out);
  }
  return cpuKernel(tf.Transpose, args as KernelArgs);
});
