// Data movement on float32 and int32 tensors: Transpose by the native tiled permutation,
// Slice and SplitV by native box copies (the reference copies entry by entry in JS), and
// Concat by whole-run copies.
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

// Below this many floats per copied run, Concat is left to the reference: one typed-array
// copy per run then costs more than its entry-by-entry loop.
const MIN_CONCAT_RUN = 32;

// Concat of float32 tensors as contiguous runs: the output is `outer` rows, each the
// inputs' runs side by side (a VAE's split heads come back together in their backward pass
// this way; the reference took ~90 µs for two [100, 50] halves, this takes a few).
export const concatConfig = nativeKernel(tf.Concat, (args) => {
  const inputs = args.inputs as unknown as tf.TensorInfo[];
  const { axis } = args.attrs as unknown as tf.ConcatAttrs;
  if (inputs.some((t) => t.dtype !== 'float32')) return cpuKernel(tf.Concat, args as KernelArgs);
  const $axis = tf.util.parseAxisParam(axis, inputs[0].shape)[0];
  tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), $axis);
  const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), $axis);
  const outer = tf.util.sizeFromShape(outShape.slice(0, $axis));
  const runs = inputs.map((t) => tf.util.sizeFromShape(t.shape.slice($axis)));
  const width = runs.reduce((a, b) => a + b, 0);
  if (outer * width > 0 && width < MIN_CONCAT_RUN * inputs.length) return cpuKernel(tf.Concat, args as KernelArgs);
  const out = outputFloats(args.backend, outer * width);
  let at = 0;
  inputs.forEach((t, i) => {
    const values = float32Values(args.backend, t);
    for (let o = 0; o < outer; o++) out.set(values.subarray(o * runs[i], (o + 1) * runs[i]), o * width + at);
    at += runs[i];
  });
  return args.backend.makeTensorInfo(outShape, 'float32', out);
});
