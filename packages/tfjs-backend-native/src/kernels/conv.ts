// Conv2D, FusedConv2D and the two convolution gradients (NHWC) on the native im2col +
// SGEMM kernels. tfjs-layers' Conv2D runs FusedConv2D and Conv2DTranspose runs
// Conv2DBackpropInput, so all four are on the hot path of a conv net's training step.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ACTIVATIONS, columnVector } from './matmul.js';
import { cpuKernel, float32Values, nativeAddon, nativeKernel, outputFloats, type KernelArgs } from './values.js';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: Rounding;
  activation?: string;
  leakyreluAlpha?: number;
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
}

function params(c: tf.backend_util.Conv2DInfo): Float64Array {
  return Float64Array.from([
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels,
    c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth,
    c.padInfo.top, c.padInfo.left,
  ]);
}

function isNativeLayout(attrs: ConvAttrs, ...ts: tf.TensorInfo[]): boolean {
  return attrs.dataFormat !== 'NCHW' && ts.every((t) => t.dtype === 'float32' && t.shape.length === 4);
}

function expectShape(what: string, actual: number[], expected: number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${what} has shape [${actual}], expected [${expected}]`);
  }
}

function forward(backend: MathBackendCPU, inputs: Record<string, tf.TensorInfo | undefined>, attrs: ConvAttrs): tf.TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  if (x == null || filter == null || !isNativeLayout(attrs, x, filter)) return null;
  const info = convInfo(x.shape, filter.shape, attrs);
  const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
  const b = columnVector(backend, bias, info.outChannels, 4);
  const p = columnVector(backend, preluActivationWeights, info.outChannels, 4);
  if (activation === undefined || !b.ok || !p.ok || (activation === ACTIVATIONS.prelu && p.values == null)) return null;
  const y = outputFloats(backend, tf.util.sizeFromShape(info.outShape));
  nativeAddon().conv2d(
    float32Values(backend, x), float32Values(backend, filter), y, params(info),
    b.values, activation, attrs.leakyreluAlpha ?? 0.2, p.values,
  );
  return backend.makeTensorInfo(info.outShape, 'float32', y);
}

export const conv2DConfig = nativeKernel(tf.Conv2D, (args) =>
  forward(args.backend, args.inputs, args.attrs as unknown as ConvAttrs) ?? cpuKernel(tf.Conv2D, args as KernelArgs),
);

export const fusedConv2DConfig = nativeKernel(tf.FusedConv2D, (args) =>
  forward(args.backend, args.inputs, args.attrs as unknown as ConvAttrs) ?? cpuKernel(tf.FusedConv2D, args as KernelArgs),
);

export const conv2DBackpropInputConfig = nativeKernel(tf.Conv2DBackpropInput, (args) => {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  if (attrs.inputShape == null || !isNativeLayout(attrs, dy, filter)) return cpuKernel(tf.Conv2DBackpropInput, args as KernelArgs);
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  expectShape('Conv2DBackpropInput dy', dy.shape, info.outShape);
  const dx = outputFloats(args.backend, tf.util.sizeFromShape(info.inShape));
  nativeAddon().conv2dBackpropInput(float32Values(args.backend, dy), float32Values(args.backend, filter), dx, params(info));
  return args.backend.makeTensorInfo(info.inShape, 'float32', dx);
});

export const conv2DBackpropFilterConfig = nativeKernel(tf.Conv2DBackpropFilter, (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  if (attrs.filterShape == null || !isNativeLayout(attrs, x, dy)) return cpuKernel(tf.Conv2DBackpropFilter, args as KernelArgs);
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  expectShape('Conv2DBackpropFilter dy', dy.shape, info.outShape);
  const dw = outputFloats(args.backend, tf.util.sizeFromShape(attrs.filterShape));
  nativeAddon().conv2dBackpropFilter(float32Values(args.backend, x), float32Values(args.backend, dy), dw, params(info));
  return args.backend.makeTensorInfo(attrs.filterShape, 'float32', dw);
});
