// Loads the compiled addon once. A missing or broken build is not fatal: the reason is
// kept so that index.ts can warn once and leave TensorFlow.js on its 'cpu' backend.
import { createRequire } from 'node:module';

export interface NativeAddon {
  hardwareThreads(): number;
  /** Threads of the kernels' pool, the caller included (DIVERGENT_NUM_THREADS or the available cores). */
  numThreads(): number;
  /** The vector unit the kernels use: 'avx512', 'avx2' or 'scalar'. */
  isa(): string;
  /** Single-thread FMA throughput of the widest vector unit, GFLOP/s. */
  fmaPeakGflops(): number;
  /**
   * out[b] (m x n) = act(op(A_b) op(B_b) + bias) for b < batch; A_b starts at aOffsets[b]
   * (null: b*m*k), B_b at bOffsets[b] (null: b*k*n). bias / prelu: null, 1 or n values.
   * activation: 0 linear, 1 relu, 2 relu6, 3 elu, 4 leakyrelu (slope alpha), 5 prelu, 6 sigmoid, 7 tanh.
   */
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array,
    batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
    aOffsets: Float64Array | null, bOffsets: Float64Array | null,
    bias: Float32Array | null, activation: number, alpha: number, prelu: Float32Array | null,
  ): void;
  /** g = dy · act'(x) given y = act(x), for every activation code but prelu. */
  activationGrad(dy: Float32Array, y: Float32Array, g: Float32Array, activation: number, alpha: number): void;
  /** Fills out with N(0, 1) draws determined by the 64-bit seed (seedHigh·2^32 + seedLow). */
  standardNormal(out: Float32Array, seedHigh: number, seedLow: number): void;
  /** out[i] = 1 when the i-th xoshiro128** draw · 2^-32 < probabilities[i], else 0; advances state (4 words) in place. */
  xoshiro128Bernoulli(probabilities: Float32Array, state: Uint32Array, out: Float32Array, rows?: Int32Array, dim?: number): void;
  /**
   * Dense layers in one call: outputs[l] (batch x dims[l+2]) = act_l(input_l · weights[l] +
   * biases[l]), dims = [batch, in, out_1, ..., out_L]; the last `heads` layers each read the
   * output of the layer before them, the others form a chain from x. Activations are matmul's
   * codes (prelu excepted), alphas the leakyrelu slopes.
   */
  mlpForward(
    x: Float32Array, dims: Float64Array, weights: Float32Array[], activations: Float64Array, alphas: Float64Array,
    outputs: Float32Array[], heads: number, biases: (Float32Array | null)[],
  ): void;
  /**
   * The gradients of mlpForward given dys[i] = ∂loss/∂(output of head i): dWeights, dBiases
   * (null for a layer without bias) and g0 = ∂loss/∂(x · weights[0] + biases[0]), so
   * ∂loss/∂x = g0 · weights[0]ᵀ.
   */
  mlpBackward(
    x: Float32Array, dims: Float64Array, weights: Float32Array[], activations: Float64Array, alphas: Float64Array,
    outputs: Float32Array[], heads: number, dys: Float32Array[], g0: Float32Array, dWeights: Float32Array[],
    dBiases: (Float32Array | null)[],
  ): void;
  /** Single-thread GFLOP/s of an m x k by k x n SGEMM, packing included. */
  gemmGflops(m: number, n: number, k: number, reps: number): number;
  /**
   * NHWC convolution; params = [batch, inH, inW, inC, filterH, filterW, outC, outH, outW,
   * strideH, strideW, dilationH, dilationW, padTop, padLeft]; bias/prelu as in matmul.
   */
  conv2d(
    x: Float32Array, filter: Float32Array, y: Float32Array, params: Float64Array,
    bias: Float32Array | null, activation: number, alpha: number, prelu: Float32Array | null,
  ): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, params: Float64Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, params: Float64Array): void;
  /**
   * kind 0: max pool, 1: average pool; params = [batch, inH, inW, channels, filterH, filterW,
   * outH, outW, strideH, strideW, padTop, padLeft].
   */
  pool(kind: number, x: Float32Array, y: Float32Array, params: Float64Array): void;
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, params: Float64Array): void;
  avgPoolGrad(dy: Float32Array, dx: Float32Array, params: Float64Array): void;
  /** out = x with its axes permuted (x and out both Float32Array or both Int32Array). */
  transpose<T extends Float32Array | Int32Array>(x: T, out: T, shape: Float64Array, perm: Float64Array): void;
  /** out = the box [begin, begin + size) of x (x and out both Float32Array or both Int32Array). */
  slice<T extends Float32Array | Int32Array>(x: T, out: T, shape: Float64Array, begin: Float64Array, size: Float64Array): void;
}

const require = createRequire(import.meta.url);

function load(): { addon: NativeAddon | null; error: string | null } {
  try {
    return { addon: require('../build/Release/divergent_native.node') as NativeAddon, error: null };
  } catch (e) {
    return { addon: null, error: (e as Error).message };
  }
}

const loaded = load();

export const addon: NativeAddon | null = loaded.addon;
export const addonLoadError: string | null = loaded.error;
