// The gradient of LeakyRelu as one native kernel. tfjs composes it from three ops
// (greater(x, 0), mul(dy, alpha), where), each a full pass over the activations plus a
// bool mask: on a GAN's discriminator that costs more than the activation itself.
// A registered gradient applies to every backend, so the one here keeps tfjs's composite
// wherever the kernel is not registered (or the dtypes are not float32).
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS } from './matmul.js';
import { float32Values, nativeAddon, nativeKernel, outputFloats } from './values.js';

const LEAKY_RELU_GRAD = 'DivergentLeakyReluGrad';

interface LeakyReluAttrs {
  alpha: number;
}

/** dx = x > 0 ? dy : alpha * dy (NaN in x takes the alpha branch, as greater() does). */
export const leakyReluGradKernelConfig = nativeKernel(LEAKY_RELU_GRAD, ({ inputs, backend, attrs }) => {
  const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const { alpha } = attrs as unknown as LeakyReluAttrs;
  const dx = outputFloats(backend, tf.util.sizeFromShape(dy.shape));
  nativeAddon().activationGrad(float32Values(backend, dy), float32Values(backend, x), dx, ACTIVATIONS.leakyrelu, alpha);
  return backend.makeTensorInfo(dy.shape, 'float32', dx);
});

function leakyReluGrad(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  const native = tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()) != null && dy.dtype === 'float32' && x.dtype === 'float32';
  if (!native) return tf.where(tf.greater(x, 0), dy, tf.mul(dy, alpha));
  return tf.engine().runKernel(LEAKY_RELU_GRAD, { dy, x }, { alpha } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Replaces tfjs's gradient of LeakyRelu (same values, one kernel on 'native'). */
export const leakyReluGradConfig: tf.GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as LeakyReluAttrs;
    return { x: () => leakyReluGrad(dy as tf.Tensor, x, alpha) };
  },
};

/**
 * The kernel's own gradient, for second-order terms such as a discriminator's R1 penalty:
 * dx = slope(x)·dy is linear in dy with the same slope, and piecewise constant in x.
 */
export const leakyReluGradGradConfig: tf.GradConfig = {
  kernelName: LEAKY_RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as LeakyReluAttrs;
    return { dy: () => leakyReluGrad(ddx as tf.Tensor, x, alpha), x: () => tf.zerosLike(x) };
  },
};
