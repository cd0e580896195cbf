// Float32 unary kernels on the addon: one vectorised, threaded pass each. Other dtypes
// (int32 Abs, Neg, Square, ...) stay on the reference 'cpu' kernels.
import * as tf from '@tensorflow/tfjs';
import { requireEwAddon } from './elementwise-addon.js';
import { cpuKernel, float32Values, nativeKernel, outputFloats, type KernelArgs } from './values.js';

type Attrs = Record<string, unknown>;

/** Kernel name, the addon's op code (csrc/elementwise.h UnaryOp) and its two attributes. */
const UNARY: [string, number, (attrs: Attrs) => [number, number]][] = [
  [tf.Exp, 0, () => [0, 0]],
  [tf.Log, 1, () => [0, 0]],
  [tf.Log1p, 2, () => [0, 0]],
  [tf.Expm1, 3, () => [0, 0]],
  [tf.Neg, 4, () => [0, 0]],
  [tf.Abs, 5, () => [0, 0]],
  [tf.Sqrt, 6, () => [0, 0]],
  [tf.Rsqrt, 7, () => [0, 0]],
  [tf.Square, 8, () => [0, 0]],
  [tf.Reciprocal, 9, () => [0, 0]],
  [tf.Relu, 10, () => [0, 0]],
  [tf.Relu6, 11, () => [0, 0]],
  [tf.LeakyRelu, 12, (a) => [a.alpha as number, 0]],
  [tf.Elu, 13, () => [0, 0]],
  [tf.Selu, 14, () => [0, 0]],
  [tf.Sigmoid, 15, () => [0, 0]],
  [tf.Softplus, 16, () => [0, 0]],
  [tf.Tanh, 17, () => [0, 0]],
  [tf.Step, 18, (a) => [a.alpha as number, 0]],
  [tf.Sign, 19, () => [0, 0]],
  [tf.ClipByValue, 20, (a) => [a.clipValueMin as number, a.clipValueMax as number]],
];

function unaryConfig(kernelName: string, op: number, params: (attrs: Attrs) => [number, number]): tf.KernelConfig {
  return nativeKernel(kernelName, (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32') return cpuKernel(kernelName, args as KernelArgs);
    const values = float32Values(args.backend, x);
    const out = outputFloats(args.backend, values.length);
    const [alpha, beta] = params((args.attrs ?? {}) as Attrs);
    requireEwAddon().unary(op, values, out, alpha, beta);
    return args.backend.makeTensorInfo(x.shape, 'float32', out);
  });
}

export const unaryKernelConfigs: tf.KernelConfig[] = UNARY.map(([name, op, params]) => unaryConfig(name, op, params));
