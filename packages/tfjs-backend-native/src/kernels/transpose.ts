// Data movement on float32 and int32 tensors: Transpose by the native tiled permutation,
// Slice and SplitV by native box copies (the reference copies entry by entry in JS).
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, float32Values, nativeAddon, nativeKernel, outputFloats, type KernelArgs } from './values.js';

export const transposeConfig = nativeKernel(tf.Transpose, (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const values: unknown = args.backend.data.get(x.dataId).values;
  const shape = Float64Array.from(x.shape);
  const outShape = perm.map((p) => x.shape[p]);
  const size = tf.util.sizeFromShape(x.shape);
  if (x.dtype === 'float32') {
    const out = outputFloats(args.backend, size);
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

/** The box [begin, begin + size) of x natively, or null for dtypes left to the reference. */
function nativeSlice(backend: MathBackendCPU, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo | null {
  const values: unknown = backend.data.get(x.dataId).values;
  const n = tf.util.sizeFromShape(size);
  const args = [Float64Array.from(x.shape), Float64Array.from(begin), Float64Array.from(size)] as const;
  if (x.dtype === 'float32') {
    const out = outputFloats(backend, n);
    nativeAddon().slice(float32Values(backend, x), out, ...args);
    return backend.makeTensorInfo(size, 'float32', out);
  }
  if (x.dtype === 'int32' && values instanceof Int32Array) {
    const out = new Int32Array(n);
    nativeAddon().slice(values, out, ...args);
    return backend.makeTensorInfo(size, 'int32', out);
  }
  return null;
}

export const sliceConfig = nativeKernel(tf.Slice, (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [$begin, $size] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  tf.slice_util.assertParamsValid(x as tf.Tensor, $begin, $size);
  return nativeSlice(args.backend, x, $begin, $size) ?? cpuKernel(tf.Slice, args as KernelArgs);
});

// The reference SplitV calls its own JS slice directly, so it is replaced as a whole.
export const splitVConfig = nativeKernel(tf.SplitV, (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
  if (x.dtype !== 'float32') return cpuKernel(tf.SplitV, args as KernelArgs);
  const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[$axis] = s;
    const part = nativeSlice(args.backend, x, begin, size) as tf.TensorInfo;
    begin[$axis] += s;
    return part;
  });
});
