// f-GAN: adversarial training that minimises the f-divergence of the user's choice.
//
// Nowozin, Cseke and Tomioka (2016), "f-GAN: Training Generative Neural Samplers using
// Variational Divergence Minimization". For any convex f with f(1) = 0 and its conjugate f*,
//   D_f(P || Q) >= sup_T  E_P[T(x)] - E_Q[f*(T(x))],
// with equality at T*(x) = f'(p(x)/q(x)). The critic outputs a raw v(x) and T = g_f(v), where
// the output activation g_f maps R into dom f*. The discriminator maximises the bound
//   F(V, G) = E_P[g_f(v(x))] - E_Q[f*(g_f(v(G(z))))]
// which is therefore its estimate of (scale times) the divergence; the generator minimises
//   -E_Q[g_f(v(G(z)))]             (the paper's non-saturating alternative, section 3.2)
// or, with `saturating`, F itself (its E_Q part: -E_Q[f*(g_f(v))]).
//
// The table of (f, f*, g_f, scale) lives in src/info/f-divergences.ts, shared with
// `fDivergence`, so the trained objective and the measured divergence cannot disagree.
import * as tf from '@tensorflow/tfjs';
import { fGanObjective, type FGanObjective } from '../info/f-divergences.js';
import type { AdversarialObjective } from './gan.js';

export interface FGanOptions {
  /** Minimise the bound itself rather than -E_Q[g_f(v)] (the paper's alternative; default false). */
  saturating?: boolean;
}

/** The adversarial objective of an f-GAN for a divergence name (kl, reverse-kl, js, pearson, squared-hellinger, gan). */
export function fGan(divergence: string, opts: FGanOptions = {}): AdversarialObjective & { readonly f: FGanObjective } {
  const f = fGanObjective(divergence);
  const fakeTerm = (vFake: tf.Tensor) => tf.mean(f.conjugateOfActivation(vFake));
  return {
    name: `f-${f.name}`,
    f,
    value: (vReal, vFake) => tf.tidy(() => tf.sub(tf.mean(f.activation(vReal)), fakeTerm(vFake)) as tf.Scalar),
    generatorLoss: opts.saturating
      ? (vFake) => tf.tidy(() => tf.neg(fakeTerm(vFake)) as tf.Scalar)
      : (vFake) => tf.tidy(() => tf.neg(tf.mean(f.activation(vFake))) as tf.Scalar),
    output: (v) => f.activation(v),
  };
}
