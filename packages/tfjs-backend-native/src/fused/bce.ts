// Binary cross-entropy on logits, summed over the last axis: for logit l and target x,
//   max(l, 0) - l·x + log1p(exp(-|l|))  =  -[x·log σ(l) + (1-x)·log(1-σ(l))],
// stable for any |l| (no log of a probability that underflows). Gradients:
//   ∂/∂l = σ(l) - x,  ∂/∂x = -l.
import * as tf from '@tensorflow/tfjs';
import { rowLoss } from './row-loss.js';

/** Per-row Σ BCE(logits, targets) over the last axis; shape logits.shape[:-1]. */
export const bceWithLogits = rowLoss({
  name: 'bceWithLogits',
  args: ['logits', 'targets'],
  forward: (native, l, x, out, n) => native.bceWithLogits(l, x, out, n),
  backward: (native, l, x, g, dl, dx, n) => native.bceWithLogitsGrad(l, x, g, dl, dx, n),
  composite: (l, x) =>
    tf.tidy(() => tf.relu(l).sub(l.mul(x)).add(tf.log1p(tf.exp(tf.abs(l).neg()))).sum(-1)),
});
