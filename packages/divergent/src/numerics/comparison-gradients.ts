// tfjs registers no gradient for comparisons and boolean ops (Less, Equal, LogicalAnd, …), so
// tf.grad fails with "gradient function not found for Less" as soon as a mask computed from a
// parameter feeds tf.where, which the log-space formulas here do on purpose (0·log 0 = 0,
// series near a removable singularity). These ops are piecewise constant: their gradient is
// zero, as TensorFlow declares them non-differentiable. Importing this module registers that,
// only for kernels that have no gradient yet.
import * as tf from '@tensorflow/tfjs';

const binary = ['Less', 'LessEqual', 'Greater', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];
const unary = ['LogicalNot', 'All', 'Any'];

const zeros = (t: tf.Tensor) => () => tf.zeros(t.shape, 'float32');

for (const kernelName of binary) {
  if (tf.getGradient(kernelName) == null) {
    tf.registerGradient({ kernelName, inputsToSave: ['a', 'b'], gradFunc: (_dy, saved) => ({ a: zeros(saved[0]), b: zeros(saved[1]) }) });
  }
}
for (const kernelName of unary) {
  if (tf.getGradient(kernelName) == null) {
    tf.registerGradient({ kernelName, inputsToSave: ['x'], gradFunc: (_dy, saved) => ({ x: zeros(saved[0]) }) });
  }
}
