// Float32 binary kernels with numpy broadcasting on the addon. The addon merges the
// broadcast into one contiguous inner loop (same shape, scalar and bias-row cases all run
// as flat vector loops). Comparisons return bool; other dtypes use the 'cpu' kernels.
import * as tf from '@tensorflow/tfjs';
import { requireEwAddon } from './elementwise-addon.js';
import { cpuKernel, float32Values, nativeKernel, outputFloats, type KernelArgs } from './values.js';

/** Kernel name and the addon's op code (csrc/elementwise.h BinaryOp); codes >= 8 compare. */
const BINARY: [string, number][] = [
  [tf.Add, 0],
  [tf.Sub, 1],
  [tf.Multiply, 2],
  [tf.RealDiv, 3],
  [tf.Maximum, 4],
  [tf.Minimum, 5],
  [tf.Pow, 6],
  [tf.SquaredDifference, 7],
  [tf.Less, 8],
  [tf.LessEqual, 9],
  [tf.Greater, 10],
  [tf.GreaterEqual, 11],
  [tf.Equal, 12],
  [tf.NotEqual, 13],
];

const FIRST_COMPARISON = 8;

function binaryConfig(kernelName: string, op: number): tf.KernelConfig {
  return nativeKernel(kernelName, (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return cpuKernel(kernelName, args as KernelArgs);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = shape.reduce((p, d) => p * d, 1);
    const compare = op >= FIRST_COMPARISON;
    const out = compare ? new Uint8Array(size) : outputFloats(args.backend, size);
    const backend = args.backend;
    requireEwAddon().binary(op, float32Values(backend, a), a.shape, float32Values(backend, b), b.shape, out);
    return backend.makeTensorInfo(shape, compare ? 'bool' : 'float32', out);
  });
}

/** AddN (gradient accumulation): inputs added left to right, as the reference does. */
const addNConfig = nativeKernel(tf.AddN, (args) => {
  const inputs = args.inputs as unknown as tf.TensorInfo[];
  if (inputs.length === 0 || inputs.some((t) => t.dtype !== 'float32')) return cpuKernel(tf.AddN, args as KernelArgs);
  const values = inputs.map((t) => float32Values(args.backend, t));
  const out = outputFloats(args.backend, values[0].length);
  requireEwAddon().addN(values, out);
  return args.backend.makeTensorInfo(inputs[0].shape, 'float32', out);
});

export const binaryKernelConfigs: tf.KernelConfig[] = [...BINARY.map(([name, op]) => binaryConfig(name, op)), addNConfig];
