// MaxPool, AvgPool and their gradients (NHWC) on native kernels. Semantics follow the
// 'cpu' reference: windows are clipped to the input, the max ignores NaN, the average
// divides by the number of pixels read. AvgPoolGrad divides by that same count, which is
// the true gradient of AvgPool; the reference divides by the full window size instead,
// so the two differ only for windows that overlap 'same' padding.
import * as tf from '@tensorflow/tfjs';
import { cpuKernel, float32Values, nativeAddon, nativeKernel, outputFloats, type KernelArgs } from './values.js';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function poolInfo(xShape: number[], a: PoolAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode,
  );
}

function params(c: tf.backend_util.Conv2DInfo): Float64Array {
  return Float64Array.from([
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth,
    c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left,
  ]);
}

const native4d = (...ts: tf.TensorInfo[]) => ts.every((t) => t.dtype === 'float32' && t.shape.length === 4);

function poolKernel(kernelName: string, kind: number): tf.KernelConfig {
  return nativeKernel(kernelName, (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (!native4d(x)) return cpuKernel(kernelName, args as KernelArgs);
    const info = poolInfo(x.shape, args.attrs as unknown as PoolAttrs);
    const y = outputFloats(args.backend, tf.util.sizeFromShape(info.outShape));
    nativeAddon().pool(kind, float32Values(args.backend, x), y, params(info));
    return args.backend.makeTensorInfo(info.outShape, 'float32', y);
  });
}

export const maxPoolConfig = poolKernel(tf.MaxPool, 0);
export const avgPoolConfig = poolKernel(tf.AvgPool, 1);

export const maxPoolGradConfig = nativeKernel(tf.MaxPoolGrad, (args) => {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  if (!native4d(dy, input)) return cpuKernel(tf.MaxPoolGrad, args as KernelArgs);
  const info = poolInfo(input.shape, args.attrs as unknown as PoolAttrs);
  const dx = outputFloats(args.backend, tf.util.sizeFromShape(input.shape));
  nativeAddon().maxPoolGrad(float32Values(args.backend, input), float32Values(args.backend, dy), dx, params(info));
  return args.backend.makeTensorInfo(input.shape, 'float32', dx);
});

export const avgPoolGradConfig = nativeKernel(tf.AvgPoolGrad, (args) => {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  if (!native4d(dy, input)) return cpuKernel(tf.AvgPoolGrad, args as KernelArgs);
  const info = poolInfo(input.shape, args.attrs as unknown as PoolAttrs);
  const dx = outputFloats(args.backend, tf.util.sizeFromShape(input.shape));
  nativeAddon().avgPoolGrad(float32Values(args.backend, dy), dx, params(info));
  return args.backend.makeTensorInfo(input.shape, 'float32', dx);
});
