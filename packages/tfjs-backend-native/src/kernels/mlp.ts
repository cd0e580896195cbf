// mlp(x, layers) = act_L(... act_1(x·w_1 + b_1) ...): a whole chain of dense layers as ONE
// taped op. dense() already makes a layer one op, but a VAE step still ran ~80 kernels and
// the tape costs 20-30 µs per op; here the forward is one native call (each layer's GEMM
// with its bias and activation epilogue) and the backward another, which returns every
// weight and bias gradient at once. The hidden activations the backward needs ride in the
// buffer of the first head's output, which the tape saves (not an output of their own, whose
// unused gradient tfjs would allocate as zeros every step).
//
// ∂loss/∂x is the one product left out of the native backward: the kernel returns
// g_1 = ∂loss/∂(x·w_1 + b_1) and x's gradient closure multiplies it by w_1ᵀ, so the tape
// pays for that product only when x needs a gradient (not for a data batch).
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ACTIVATION_CODES, dense, type DenseActivation } from './matmul_dense.js';
import { float32Values, nativeAddon, nativeKernel, outputFloats, outputWithRiders, riders } from './values.js';

export const MLP = 'DivergentMlp';
const MLP_GRAD = 'DivergentMlpGrad';

export interface MlpLayer {
  /** [in, out]; in is the previous layer's out (x's columns for the first). */
  w: tf.Tensor2D;
  /** [out]; none: no bias. */
  b?: tf.Tensor1D;
  activation: DenseActivation;
  /** leakyrelu slope (dense's default 0.2). */
  alpha?: number;
}

// Inputs travel as one list, [x, w_1..w_L, then the biases of the layers that have one],
// because tfjs saves every input of a variable-length op only for list inputs. The last
// `heads` layers are the outputs, each reading the layer before them (1: a plain chain).
export interface MlpAttrs {
  activations: number[];
  alphas: number[];
  biased: boolean[];
  heads: number;
}

/** Outputs the tape saves: every head's (tfjs needs a fixed list per kernel). */
const MAX_HEADS = 16;

export interface Network {
  batch: number;
  /** The last layers that all read the trunk's output (1: a plain chain). */
  heads: number;
  dims: Float64Array;
  weights: Float32Array[];
  activations: Float64Array;
  alphas: Float64Array;
  /** Each layer's output: views of the flat hidden array for the trunk, then the heads'. */
  outputs: Float32Array[];
}

/** The addon's view of a network reading `batch` rows of `width` columns through weights `ws`, its heads' outputs and the flat hidden one. */
export function network(
  backend: MathBackendCPU, batch: number, width: number, ws: tf.TensorInfo[], attrs: MlpAttrs, ys: Float32Array[], hidden: Float32Array,
): Network {
  const n = attrs.activations.length;
  const outputs: Float32Array[] = [];
  let at = 0;
  for (const w of ws.slice(0, n - attrs.heads)) {
    outputs.push(hidden.subarray(at, at + batch * w.shape[1]));
    at += batch * w.shape[1];
  }
  outputs.push(...ys);
  return {
    batch,
    heads: attrs.heads,
    dims: Float64Array.from([batch, width, ...ws.map((w) => w.shape[1])]),
    weights: ws.map((w) => float32Values(backend, w)),
    activations: Float64Array.from(attrs.activations),
    alphas: Float64Array.from(attrs.alphas),
    outputs,
  };
}

/** Runs `net` forward from x: every layer's output lands in net.outputs. */
export function forwardPass(x: Float32Array, net: Network, biases: (Float32Array | null)[]): void {
  nativeAddon().mlpForward(x, net.dims, net.weights, net.activations, net.alphas, net.outputs, net.heads, biases);
}

/** Given the heads' upstream gradients, writes g0 = ∂loss/∂(x·w_1 + b_1), every dw and every db (null: no bias). */
export function backwardPass(
  x: Float32Array, net: Network, dys: Float32Array[], g0: Float32Array, dws: Float32Array[], dbs: (Float32Array | null)[],
): void {
  nativeAddon().mlpBackward(x, net.dims, net.weights, net.activations, net.alphas, net.outputs, net.heads, dys, g0, dws, dbs);
}

/** Position in the input list of each layer's bias, or -1 for none. */
function biasIndices(biased: boolean[]): number[] {
  let next = biased.length + 1;
  return biased.map((has) => (has ? next++ : -1));
}

/** Widths of the heads' outputs, and of the trunk's (kept as one flat hidden array). */
export function widths(ws: tf.TensorInfo[], heads: number): { heads: number[]; trunk: number[] } {
  const outs = ws.map((w) => w.shape[1]);
  return { heads: outs.slice(outs.length - heads), trunk: outs.slice(0, outs.length - heads) };
}

/** Floats of the trunk's hidden activations, kept as one flat array, for `batch` rows. */
export function hiddenLength(batch: number, ws: tf.TensorInfo[], heads: number): number {
  return batch * widths(ws, heads).trunk.reduce((s, d) => s + d, 0);
}

/** The first head's output and the trunk's hidden activations, which ride in its buffer (see outputWithRiders). */
function firstAndHidden(batch: number, ws: tf.TensorInfo[], heads: number): number[] {
  return [batch * widths(ws, heads).heads[0], hiddenLength(batch, ws, heads)];
}

export const mlpConfig = nativeKernel(MLP, ({ inputs, backend, attrs }) => {
  const ins = inputs as unknown as tf.TensorInfo[];
  const a = attrs as unknown as MlpAttrs;
  const batch = ins[0].shape[0];
  const ws = ins.slice(1, a.activations.length + 1);
  const outs = widths(ws, a.heads);
  const [y0, hidden] = outputWithRiders(backend, firstAndHidden(batch, ws, a.heads));
  const ys = [y0, ...outs.heads.slice(1).map((width) => outputFloats(backend, batch * width))];
  const net = network(backend, batch, ins[0].shape[1], ws, a, ys, hidden);
  forwardPass(float32Values(backend, ins[0]), net, biasIndices(a.biased).map((i) => (i < 0 ? null : float32Values(backend, ins[i]))));
  return ys.map((y, i) => backend.makeTensorInfo([batch, outs.heads[i]], 'float32', y));
});

// Inputs [dy of each head, x, y of each head, w_1..w_L] (the hidden activations ride with
// the first y); outputs [g_1, dw_1..dw_L, then db of each biased layer].
export const mlpGradKernelConfig = nativeKernel(MLP_GRAD, ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as MlpAttrs;
  const ins = inputs as unknown as tf.TensorInfo[];
  const dys = ins.slice(0, a.heads);
  const [x, ...rest] = ins.slice(a.heads);
  const ys = rest.slice(0, a.heads).map((y) => float32Values(backend, y));
  const ws = rest.slice(a.heads);
  const [, hidden] = riders(ys[0], firstAndHidden(x.shape[0], ws, a.heads));
  const net = network(backend, x.shape[0], x.shape[1], ws, a, ys, hidden);
  const g0 = outputFloats(backend, net.batch * ws[0].shape[1]);
  const dws = ws.map((w) => outputFloats(backend, w.shape[0] * w.shape[1]));
  const dbs = ws.map((w, l) => (a.biased[l] ? outputFloats(backend, w.shape[1]) : null));
  backwardPass(float32Values(backend, x), net, dys.map((dy) => float32Values(backend, dy)), g0, dws, dbs);
  return [
    backend.makeTensorInfo([net.batch, ws[0].shape[1]], 'float32', g0),
    ...dws.map((dw, l) => backend.makeTensorInfo(ws[l].shape, 'float32', dw)),
    ...dbs.flatMap((db, l) => (db == null ? [] : [backend.makeTensorInfo([ws[l].shape[1]], 'float32', db)])),
  ];
});

export const mlpGradConfig: tf.GradConfig = {
  kernelName: MLP,
  saveAllInputs: true,
  outputsToSave: new Array<boolean>(MAX_HEADS).fill(true),
  gradFunc: (dys, saved, attrs) => {
    const a = attrs as unknown as MlpAttrs;
    const n = a.activations.length;
    // tfjs passes one output's gradient bare, several as a list.
    const headDys = Array.isArray(dys) ? dys : [dys];
    const [x, ...rest] = saved;
    const ws = rest.slice(0, n);
    const outs = rest.slice(-a.heads);
    const [g0, ...grads] = tf.engine().runKernel(MLP_GRAD, [...headDys, x, ...outs, ...ws] as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    const result: Record<string, () => tf.Tensor> = { 0: () => tf.matMul(g0, ws[0], false, true) };
    grads.forEach((g, i) => {
      result[i + 1] = () => g;
    });
    return result;
  },
};

/** Checks a layer that reads `width` columns; returns the width it gives. `op` names the caller in errors. */
export function checkLayer(label: string, width: number, { w, b, activation }: MlpLayer, op = 'mlp'): number {
  if (!(activation in ACTIVATION_CODES)) {
    throw new Error(`${op}: ${label}.activation must be one of ${Object.keys(ACTIVATION_CODES).join(', ')}, got '${activation}'`);
  }
  if (w.rank !== 2 || w.shape[0] !== width) {
    throw new Error(`${op}: ${label}.w must have shape [${width}, out], got [${w.shape}]`);
  }
  if (b != null && (b.rank !== 1 || b.shape[0] !== w.shape[1])) {
    throw new Error(`${op}: ${label}.b must have shape [${w.shape[1]}], got [${b.shape}]`);
  }
  return w.shape[1];
}

/** Checks x and a chain of layers reading it; returns the chain's output width. */
function checkChain(x: tf.Tensor2D, layers: MlpLayer[]): number {
  if (x.rank !== 2) throw new Error(`mlp: x must be [batch, in], got shape [${x.shape}]`);
  return layers.reduce((width, layer, i) => checkLayer(`layers[${i}]`, width, layer), x.shape[1]);
}

/** The attributes of a trunk and its heads as one native network. */
export function mlpAttrs(trunk: MlpLayer[], heads: MlpLayer[]): MlpAttrs {
  const layers = [...trunk, ...heads];
  return {
    activations: layers.map((l) => ACTIVATION_CODES[l.activation]),
    alphas: layers.map((l) => l.alpha ?? 0.2),
    biased: layers.map((l) => l.b != null),
    heads: heads.length,
  };
}

/** The trunk's layers, then the heads reading its output: one op on 'native', dense() chains elsewhere. */
function run(x: tf.Tensor2D, trunk: MlpLayer[], heads: MlpLayer[]): tf.Tensor2D[] {
  const layers = [...trunk, ...heads];
  const inputs = [x, ...layers.map((l) => l.w), ...layers.flatMap((l) => (l.b == null ? [] : [l.b]))];
  const native = tf.getBackend() === 'native' && inputs.every((t) => t.dtype === 'float32');
  if (!native) {
    const apply = (h: tf.Tensor2D, l: MlpLayer) => dense(h, l.w, l.b, l.activation, l.alpha ?? 0.2);
    return tf.tidy(() => {
      const h = trunk.reduce(apply, x);
      return heads.map((head) => apply(h, head));
    });
  }
  const attrs = mlpAttrs(trunk, heads);
  const outs = tf.engine().runKernel(MLP, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap);
  return (Array.isArray(outs) ? outs : [outs]) as tf.Tensor2D[];
}

/**
 * act_L(... act_1(x·w_1 + b_1) ...) for x [batch, in]: one op on the 'native' backend,
 * differentiable with respect to x and every w and b; a chain of dense() elsewhere.
 * @example const h = mlp(x, [{ w: w1, b: b1, activation: 'relu' }, { w: w2, b: b2, activation: 'linear' }]);
 */
export function mlp(x: tf.Tensor2D, layers: MlpLayer[]): tf.Tensor2D {
  if (layers.length === 0) throw new Error('mlp: layers must hold at least one layer');
  checkChain(x, layers);
  return run(x, layers.slice(0, -1), layers.slice(-1))[0];
}

/**
 * A trunk of layers and several heads that each read the trunk's output, as one op on the
 * 'native' backend (a VAE encoder's mean and log-variance heads, say): returns the heads'
 * outputs in order. The backward pass sums the heads' gradients into the trunk natively.
 * @example const [mu, logvar] = mlpHeads(x, [{ w: w1, b: b1, activation: 'tanh' }], [{ w: wMu, b: bMu, activation: 'linear' }, { w: wLv, b: bLv, activation: 'linear' }]);
 */
export function mlpHeads(x: tf.Tensor2D, trunk: MlpLayer[], heads: MlpLayer[]): tf.Tensor2D[] {
  if (trunk.length === 0) throw new Error('mlpHeads: trunk must hold at least one layer (use mlp for a single chain)');
  if (heads.length === 0 || heads.length > MAX_HEADS) throw new Error(`mlpHeads: heads must hold 1 to ${MAX_HEADS} layers, got ${heads.length}`);
  const width = checkChain(x, trunk);
  heads.forEach((head, i) => checkLayer(`heads[${i}]`, width, head));
  return run(x, trunk, heads);
}
