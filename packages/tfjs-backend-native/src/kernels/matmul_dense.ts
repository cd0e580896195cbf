// dense(x, w, b, activation) = act(x·w + b): a fully connected layer as ONE taped op.
// tfjs records ~5 ops per layer (fused matmul, activation, and in backward the activation
// derivative, two products and a bias sum); at 20-30 µs of tape work per op that costs
// more than the arithmetic of a small MLP. Here the forward is one native GEMM with the
// bias and activation in its epilogue, and the registered gradient computes
// g = dy·act'(y) natively once, then only the products the tape actually asks for.
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS } from './matmul.js';
import { float32Values, nativeAddon, nativeKernel, outputFloats } from './values.js';

export const DENSE = 'DivergentDense';
const DENSE_ACT_GRAD = 'DivergentDenseActivationGrad';

/** Activations of dense(); prelu is left out (its weights would need a gradient too). */
export type DenseActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'sigmoid' | 'tanh';
/** The addon's code of each activation. */
export const ACTIVATION_CODES: Record<DenseActivation, number> = { ...(ACTIVATIONS as Record<Exclude<DenseActivation, 'tanh'>, number>), tanh: 7 };

interface DenseAttrs {
  activation: DenseActivation;
  alpha: number;
}

export const denseConfig = nativeKernel(DENSE, ({ inputs, backend, attrs }) => {
  const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b?: tf.TensorInfo };
  const { activation, alpha } = attrs as unknown as DenseAttrs;
  const [m, k] = x.shape;
  const n = w.shape[1];
  const out = outputFloats(backend, m * n);
  nativeAddon().matmul(
    float32Values(backend, x), float32Values(backend, w), out, 1, m, n, k, false, false, null, null,
    b == null ? null : float32Values(backend, b), ACTIVATION_CODES[activation], alpha, null,
  );
  return backend.makeTensorInfo([m, n], 'float32', out);
});

export const denseActivationGradConfig = nativeKernel(DENSE_ACT_GRAD, ({ inputs, backend, attrs }) => {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const { activation, alpha } = attrs as unknown as DenseAttrs;
  const g = outputFloats(backend, tf.util.sizeFromShape(dy.shape));
  nativeAddon().activationGrad(float32Values(backend, dy), float32Values(backend, y), g, ACTIVATION_CODES[activation], alpha);
  return backend.makeTensorInfo(dy.shape, 'float32', g);
});

export const denseGradConfig: tf.GradConfig = {
  kernelName: DENSE,
  inputsToSave: ['x', 'w'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, w, y] = saved;
    const { activation, alpha } = attrs as unknown as DenseAttrs;
    const g =
      activation === 'linear'
        ? (dy as tf.Tensor)
        : (tf.engine().runKernel(DENSE_ACT_GRAD, { dy: dy as tf.Tensor, y }, { activation, alpha } as unknown as tf.NamedAttrMap) as tf.Tensor);
    return {
      x: () => tf.matMul(g, w, false, true),
      w: () => tf.matMul(x, g, true, false),
      b: () => tf.sum(g, 0),
    };
  },
};

function composite(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, activation: DenseActivation, alpha: number): tf.Tensor2D {
  return tf.tidy(() => {
    const y = tf.fused.matMul({ a: x, b: w, bias: b });
    switch (activation) {
      case 'relu': return tf.relu(y);
      case 'relu6': return tf.relu6(y);
      case 'elu': return tf.elu(y);
      case 'leakyrelu': return tf.leakyRelu(y, alpha);
      case 'sigmoid': return tf.sigmoid(y);
      case 'tanh': return tf.tanh(y);
      default: return y;
    }
  }) as tf.Tensor2D;
}


/**
 * act(x·w + b) for x [batch, in], w [in, out], b [out] (optional): one op on the 'native'
 * backend, differentiable with respect to all three; the same tfjs ops elsewhere.
 * @example const h = dense(x, w1, b1, 'relu');
 */
export function dense(
  x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D, activation: DenseActivation = 'linear', alpha = 0.2,
): tf.Tensor2D {
  if (!(activation in ACTIVATION_CODES)) {
    throw new Error(`dense: activation must be one of ${Object.keys(ACTIVATION_CODES).join(', ')}, got '${activation}'`);
  }
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[0]) {
    throw new Error(`dense: x [batch, in] and w [in, out] must agree, got x [${x.shape}] and w [${w.shape}]`);
  }
  if (b != null && (b.rank !== 1 || b.shape[0] !== w.shape[1])) {
    throw new Error(`dense: b must have shape [${w.shape[1]}], got [${b.shape}]`);
  }
  const native = tf.getBackend() === 'native' && [x, w, b].every((t) => t == null || t.dtype === 'float32');
  if (!native) return composite(x, w, b, activation, alpha);
  const inputs: tf.NamedTensorMap = b == null ? { x, w } : { x, w, b };
  return tf.engine().runKernel(DENSE, inputs, { activation, alpha } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
