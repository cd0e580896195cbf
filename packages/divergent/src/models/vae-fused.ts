// The native backend's fused VAE ops, when it is the active backend. Each replaces a chain of
// tfjs ops (and their gradients) by one kernel each way; vae-fused.test.ts checks them against
// the tfjs formulas (the registry's KL, the Bernoulli log-likelihood, the reparameterisation)
// they stand for.
import { fused } from '@divergent/tfjs-backend-native';
import type * as tf from '@tensorflow/tfjs';
import { isNativeBackend } from '../backend.js';

export interface FusedVaeOps {
  /** Per-row Σ BCE-with-logits = -Σ (x·l - softplus(l)) over the last axis; shapes must match. */
  bceWithLogits: (logits: tf.Tensor, x: tf.Tensor) => tf.Tensor;
  /** Per-row Σ_j KL(N(μ_j, e^{logvar_j}) ‖ N(0, 1)) over the last axis. */
  gaussianKlStdNormal: (mu: tf.Tensor, logvar: tf.Tensor) => tf.Tensor;
  /** z = μ + ε·exp(logvar/2), ε with leading sample axes over μ's shape. */
  reparameterize: (mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor) => tf.Tensor;
}

let enabled = true;

/** Turns the fused ops off or on (tests compare both paths). */
export function useFusedOps(on: boolean): void {
  enabled = on;
}

/** The fused ops, or null unless the native backend is active (and they are enabled). */
export function fusedOps(): FusedVaeOps | null {
  if (!enabled || !isNativeBackend()) return null;
  return { bceWithLogits: fused.bceWithLogits, gaussianKlStdNormal: fused.gaussianKlStdNormal, reparameterize: fused.reparameterize };
}
