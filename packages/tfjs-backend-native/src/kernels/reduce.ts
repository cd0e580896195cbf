// Float32 reductions along any axes. The input is viewed as [outer, r, inner] when the
// reduced axes are adjacent (no copy); otherwise it is first transposed so that they are
// last. Sums accumulate in double, and the addon's work split depends only on the shape.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { requireEwAddon } from './elementwise-addon.js';
import { cpuKernel, float32Values, nativeKernel, outputFloats, type KernelArgs } from './values.js';

/** Kernel name, the addon's op code (csrc/reduce.cc ReduceOp) and the attribute naming the axes. */
const REDUCE: [string, number, string][] = [
  [tf.Sum, 0, 'axis'],
  [tf.Mean, 1, 'axis'],
  [tf.Prod, 2, 'axis'],
  [tf.Max, 3, 'reductionIndices'],
  [tf.Min, 4, 'axis'],
  [tf.ArgMax, 5, 'axis'],
  [tf.ArgMin, 6, 'axis'],
];

const product = (xs: number[]) => xs.reduce((p, d) => p * d, 1);

interface Layout {
  outer: number;
  r: number;
  inner: number;
  /** Set when the reduced axes are not adjacent: transpose by it first. */
  perm: number[] | null;
}

/** How to see x as [outer, r, inner]; size-1 axes never break adjacency. */
function layout(shape: number[], axes: number[]): Layout {
  const reduced = new Set(axes);
  const significant = axes.filter((a) => shape[a] !== 1);
  const lo = Math.min(...significant);
  const hi = Math.max(...significant);
  const adjacent =
    significant.length === 0 || shape.every((d, i) => i < lo || i > hi || reduced.has(i) || d === 1);
  const r = product(axes.map((a) => shape[a]));
  if (adjacent) {
    const cut = significant.length === 0 ? shape.length : lo;
    const end = significant.length === 0 ? shape.length : hi + 1;
    const outer = product(shape.slice(0, cut).filter((_, i) => !reduced.has(i)));
    return { outer, r, inner: product(shape.slice(end)), perm: null };
  }
  const kept = shape.map((_, i) => i).filter((i) => !reduced.has(i));
  return { outer: product(kept.map((i) => shape[i])), r, inner: 1, perm: [...kept, ...axes] };
}

function transposed(backend: MathBackendCPU, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  const transpose = tf.getKernel(tf.Transpose, 'native') ?? tf.getKernel(tf.Transpose, 'cpu');
  return transpose!.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
}

function reduceConfig(kernelName: string, op: number, axisAttr: string): tf.KernelConfig {
  const arg = op >= 5;
  return nativeKernel(kernelName, (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32') return cpuKernel(kernelName, args as KernelArgs);
    const attrs = args.attrs as Record<string, unknown>;
    const rawAxes = attrs[axisAttr] as number | number[];
    const axes = tf.util.parseAxisParam(arg ? [rawAxes as number] : rawAxes, x.shape);
    const keepDims = !arg && attrs.keepDims === true;
    const outShape = x.shape
      .map((d, i) => (axes.includes(i) ? (keepDims ? 1 : -1) : d))
      .filter((d) => d !== -1);
    const backend = args.backend;
    const { outer, r, inner, perm } = layout(x.shape, axes);
    const source = perm == null ? x : transposed(backend, x, perm);
    const out = arg ? new Int32Array(outer * inner) : outputFloats(backend, outer * inner);
    try {
      requireEwAddon().reduce(op, float32Values(backend, source), outer, r, inner, out);
    } finally {
      if (source !== x) backend.disposeIntermediateTensorInfo(source);
    }
    return backend.makeTensorInfo(outShape, arg ? 'int32' : 'float32', out);
  });
}

export const reduceKernelConfigs: tf.KernelConfig[] = REDUCE.map(([name, op, attr]) => reduceConfig(name, op, attr));
