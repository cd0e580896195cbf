// The GAN objectives as a table, each computed from the discriminator's logits v = D(x).
//
// Goodfellow et al. (2014), "Generative Adversarial Nets":
//   min_G max_D V(D, G) = E_{x~P}[log σ(v(x))] + E_{z}[log(1 - σ(v(G(z))))]
// For the optimal D, V = 2·JSD(P || Q_G) - log 4, so the discriminator's value of V is its
// estimate of the divergence the generator minimises. The minimax generator minimises
// E_z[log(1 - σ(v))], whose gradient vanishes when D rejects the fakes confidently; the
// non-saturating generator (same paper, section 3) maximises E_z[log σ(v)] instead.
//
// log σ(v) = -softplus(-v) and log(1 - σ(v)) = -softplus(v): no probability is ever formed,
// so nothing underflows or needs clipping.
//
// f-GAN objectives (src/models/fgan.ts) implement the same interface, so the trainer knows
// nothing about which objective it runs.
import * as tf from '@tensorflow/tfjs';

/** What a trainer needs from an adversarial objective; all take the critic's raw outputs. */
export interface AdversarialObjective {
  /** Name recorded in config.json. */
  readonly name: string;
  /** The value the discriminator maximises, averaged over the batches: its divergence estimate. */
  value(vReal: tf.Tensor, vFake: tf.Tensor): tf.Scalar;
  /** The loss the generator minimises, from the critic's outputs on generated samples. */
  generatorLoss(vFake: tf.Tensor): tf.Scalar;
  /** The discriminator output reported in the metrics (sigmoid(v) for GANs, g_f(v) for f-GANs). */
  output(v: tf.Tensor): tf.Tensor;
}

/** The discriminator's loss is always the negated value: it ascends what the generator descends. */
export function discriminatorLoss(objective: AdversarialObjective, vReal: tf.Tensor, vFake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(objective.value(vReal, vFake)));
}

/** V(D, G) from logits: -E_P[softplus(-v)] - E_Q[softplus(v)]. Equals 2·JSD - log 4 at the optimal D. */
export function ganValue(vReal: tf.Tensor, vFake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.add(tf.mean(tf.softplus(tf.neg(vReal))), tf.mean(tf.softplus(vFake)))) as tf.Scalar);
}

export const GAN_LOSSES = ['minimax', 'non-saturating'] as const;
export type GanLoss = (typeof GAN_LOSSES)[number];

export const ganObjectives: Record<GanLoss, AdversarialObjective> = {
  minimax: {
    name: 'minimax',
    value: ganValue,
    // min_G E_Q[log(1 - σ(v))] = min_G -E_Q[softplus(v)]
    generatorLoss: (vFake) => tf.tidy(() => tf.neg(tf.mean(tf.softplus(vFake))) as tf.Scalar),
    output: (v) => tf.sigmoid(v),
  },
  'non-saturating': {
    name: 'non-saturating',
    value: ganValue,
    // min_G -E_Q[log σ(v)] = min_G E_Q[softplus(-v)]
    generatorLoss: (vFake) => tf.tidy(() => tf.mean(tf.softplus(tf.neg(vFake)))),
    output: (v) => tf.sigmoid(v),
  },
};
