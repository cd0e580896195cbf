// BatchMatMul and _FusedMatMul on the native SGEMM: batch dimensions broadcast with numpy
// rules, bias and activation applied in the GEMM's epilogue while C is still in cache.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, float32Values, nativeAddon, nativeKernel, outputFloats, type KernelArgs } from './values.js';

/** The addon's activation codes (the fused epilogue of matmul and conv2d). */
export const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  leakyrelu: 4,
  prelu: 5,
  sigmoid: 6,
};

/** Element offsets of each output batch's matrix in an input with the given batch dims. */
function batchOffsets(inDims: number[], outDims: number[], matrixSize: number): Float64Array | null {
  const outBatch = outDims.reduce((p, d) => p * d, 1);
  const inBatch = inDims.reduce((p, d) => p * d, 1);
  const aligned = inDims.length === outDims.length && inDims.every((d, i) => d === outDims[i]);
  if (aligned || (inBatch === outBatch && inBatch <= 1)) return null;
  // Strides of the input's batch dims, right-aligned with the output's; broadcast dims get 0.
  const strides = new Array<number>(outDims.length).fill(0);
  let stride = matrixSize;
  for (let i = inDims.length - 1; i >= 0; i--) {
    const o = outDims.length - inDims.length + i;
    strides[o] = inDims[i] === 1 ? 0 : stride;
    stride *= inDims[i];
  }
  const offsets = new Float64Array(outBatch);
  for (let b = 0; b < outBatch; b++) {
    let rest = b;
    let off = 0;
    for (let d = outDims.length - 1; d >= 0; d--) {
      off += (rest % outDims[d]) * strides[d];
      rest = Math.floor(rest / outDims[d]);
    }
    offsets[b] = off;
  }
  return offsets;
}

/** A bias/prelu tensor the epilogue can take: one value, or one per column (leading dims 1). */
export function columnVector(backend: MathBackendCPU, t: tf.TensorInfo | undefined, n: number, outRank: number) {
  if (t == null) return { ok: true, values: null };
  const size = t.shape.reduce((p, d) => p * d, 1);
  const leadingOnes = t.shape.slice(0, -1).every((d) => d === 1);
  const ok = t.shape.length <= outRank && (size === 1 || (size === n && leadingOnes && t.shape.length > 0));
  return { ok, values: ok ? float32Values(backend, t) : null };
}

interface MatMulRequest {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  bias?: tf.TensorInfo;
  activation?: string;
  prelu?: tf.TensorInfo;
  leakyreluAlpha?: number;
}

/** The native product, or null when the request needs the reference kernel. */
function nativeMatMul(backend: MathBackendCPU, r: MatMulRequest): tf.TensorInfo | null {
  const { a, b, transposeA, transposeB } = r;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const aR = a.shape.length;
  const bR = b.shape.length;
  const m = transposeA ? a.shape[aR - 1] : a.shape[aR - 2];
  const kA = transposeA ? a.shape[aR - 2] : a.shape[aR - 1];
  const kB = transposeB ? b.shape[bR - 1] : b.shape[bR - 2];
  const n = transposeB ? b.shape[bR - 2] : b.shape[bR - 1];
  if (kA !== kB) {
    throw new Error(
      `Error in matMul: inner shapes (${kA}) and (${kB}) of Tensors with shapes ${a.shape} and ` +
        `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const aDims = a.shape.slice(0, -2);
  const bDims = b.shape.slice(0, -2);
  const outDims = tf.backend_util.assertAndGetBroadcastShape(aDims, bDims);
  const outShape = [...outDims, m, n];
  const activation = ACTIVATIONS[r.activation ?? 'linear'];
  if (activation === undefined) return null;
  const bias = columnVector(backend, r.bias, n, outShape.length);
  const prelu = columnVector(backend, r.prelu, n, outShape.length);
  if (!bias.ok || !prelu.ok || (activation === ACTIVATIONS.prelu && prelu.values == null)) return null;

  const batchA = aDims.reduce((p, d) => p * d, 1);
  const batchB = bDims.reduce((p, d) => p * d, 1);
  let batch = outDims.reduce((p, d) => p * d, 1);
  let rows = m;
  let aOffsets = batchOffsets(aDims, outDims, m * kA);
  let bOffsets = batchOffsets(bDims, outDims, kA * n);
  if (!transposeA && batchB === 1 && batchA === batch) {
    // One weight matrix for a stack of row-major inputs: a single taller product.
    rows = batch * m;
    batch = 1;
    aOffsets = null;
    bOffsets = null;
  }
  const out = outputFloats(backend, batch * rows * n);
  nativeAddon().matmul(
    float32Values(backend, a), float32Values(backend, b), out,
    batch, rows, n, kA, transposeA, transposeB, aOffsets, bOffsets,
    bias.values, activation, r.leakyreluAlpha ?? 0.2, prelu.values,
  );
  return backend.makeTensorInfo(outShape, 'float32', out);
}

export const batchMatMulConfig = nativeKernel(tf.BatchMatMul, (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  return nativeMatMul(args.backend, { a, b, transposeA, transposeB }) ?? cpuKernel(tf.BatchMatMul, args as KernelArgs);
});

export const fusedMatMulConfig = nativeKernel(tf._FusedMatMul, (args) => {
  const { a, b, bias, preluActivationWeights } = args.inputs as {
    a: tf.TensorInfo;
    b: tf.TensorInfo;
    bias?: tf.TensorInfo;
    preluActivationWeights?: tf.TensorInfo;
  };
  const attrs = args.attrs as unknown as tf._FusedMatMulAttrs;
  const result = nativeMatMul(args.backend, {
    a, b, bias, prelu: preluActivationWeights,
    transposeA: attrs.transposeA, transposeB: attrs.transposeB,
    activation: attrs.activation, leakyreluAlpha: attrs.leakyreluAlpha,
  });
  return result ?? cpuKernel(tf._FusedMatMul, args as KernelArgs);
});
