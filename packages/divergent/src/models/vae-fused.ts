// The native backend's fused VAE ops, when it provides them. Each replaces a chain of tfjs ops
// (and their gradients) by one kernel; the tfjs formula beside each call is the reference the
// fused op is tested against.
import * as native from '@divergent/tfjs-backend-native';
import type * as tf from '@tensorflow/tfjs';
import { isNativeBackend } from '../backend.js';

export interface FusedVaeOps {
  /** Σ over the last axis of BCE-with-logits, -(x·l - softplus(l)): [..., D] -> [...]. */
  bceWithLogits?: (logits: tf.Tensor, x: tf.Tensor) => tf.Tensor;
  /** KL(N(μ, e^{logvar}) ‖ N(0, 1)) elementwise. */
  gaussianKlStdNormal?: (mu: tf.Tensor, logvar: tf.Tensor) => tf.Tensor;
}

let enabled = true;

/** Turns the fused ops off (tests compare both paths). */
export function useFusedOps(on: boolean): void {
  enabled = on;
}

/** The fused ops available now: none unless the native backend is the active one. */
export function fusedOps(): FusedVaeOps {
  if (!enabled || !isNativeBackend()) return {};
  const exports = native as unknown as Record<string, unknown>;
  return {
    bceWithLogits: exports.bceWithLogits as FusedVaeOps['bceWithLogits'],
    gaussianKlStdNormal: exports.gaussianKlStdNormal as FusedVaeOps['gaussianKlStdNormal'],
  };
}
