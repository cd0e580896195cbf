// Closed-form KL divergences of the Gamma family and its relatives (Exponential = Gamma(1, λ),
// Beta and Dirichlet = normalised Gammas), written with lgamma/digamma (numerics/special).
import * as tf from '@tensorflow/tfjs';
import { digamma, lbeta, lgamma } from '../numerics/special.js';
import { Beta } from './beta.js';
import { Dirichlet } from './dirichlet.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { registerKL } from './kl-registry.js';

const EULER_GAMMA = 0.5772156649015329;

/** KL(Gamma(α₁, β₁) ‖ Gamma(α₂, β₂)) = (α₁-α₂)ψ(α₁) - lnΓ(α₁) + lnΓ(α₂) + α₂(ln β₁ - ln β₂) + α₁(β₂ - β₁)/β₁. */
registerKL(Gamma, Gamma, (p: Gamma, q: Gamma) =>
  tf.tidy(() => {
    const [a1, b1, a2, b2] = [p.concentration, p.rate, q.concentration, q.rate];
    const t1 = tf.add(tf.mul(tf.sub(a1, a2), digamma(a1)), tf.sub(lgamma(a2), lgamma(a1)));
    const t2 = tf.mul(a2, tf.sub(tf.log(b1), tf.log(b2)));
    const t3 = tf.mul(a1, tf.div(tf.sub(b2, b1), b1));
    return tf.add(tf.add(t1, t2), t3);
  }),
);

/** KL(Exp(λ₁) ‖ Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ - 1 = r - 1 - log r with r = λ₂/λ₁ (expm1 form: no cancellation as r → 1). */
registerKL(Exponential, Exponential, (p: Exponential, q: Exponential) =>
  tf.tidy(() => {
    const t = tf.sub(tf.log(q.rate), tf.log(p.rate));
    return tf.sub(tf.expm1(t), t);
  }),
);

/** KL(Exp(λ) ‖ Gamma(α, β)) = -H(Exp) - E[log q] with E[x] = 1/λ and E[log x] = -γ - log λ. */
registerKL(Exponential, Gamma, (p: Exponential, q: Gamma) =>
  tf.tidy(() => {
    const l = p.rate;
    const [a, b] = [q.concentration, q.rate];
    const logL = tf.log(l);
    const negEntropy = tf.sub(logL, 1);
    const expectedLogQ = tf.sub(
      tf.add(tf.mul(a, tf.log(b)), tf.mul(tf.sub(a, 1), tf.neg(tf.add(logL, EULER_GAMMA)))),
      tf.add(tf.div(b, l), lgamma(a)),
    );
    return tf.sub(negEntropy, expectedLogQ);
  }),
);

/** KL(Gamma(α, β) ‖ Exp(λ)) = -H(Gamma) - log λ + λ α/β. */
registerKL(Gamma, Exponential, (p: Gamma, q: Exponential) =>
  tf.tidy(() => {
    const [a, b] = [p.concentration, p.rate];
    const entropy = tf.add(tf.sub(a, tf.log(b)), tf.add(lgamma(a), tf.mul(tf.sub(1, a), digamma(a))));
    return tf.add(tf.neg(tf.add(entropy, tf.log(q.rate))), tf.div(tf.mul(q.rate, a), b));
  }),
);

/** KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)) = ln B(a₂,b₂) - ln B(a₁,b₁) + (a₁-a₂)ψ(a₁) + (b₁-b₂)ψ(b₁) + (a₂-a₁+b₂-b₁)ψ(a₁+b₁). */
registerKL(Beta, Beta, (p: Beta, q: Beta) =>
  tf.tidy(() => {
    const [a1, b1, a2, b2] = [p.concentration1, p.concentration0, q.concentration1, q.concentration0];
    const s1 = tf.add(a1, b1);
    const t1 = tf.sub(lbeta(a2, b2), lbeta(a1, b1));
    const t2 = tf.add(tf.mul(tf.sub(a1, a2), digamma(a1)), tf.mul(tf.sub(b1, b2), digamma(b1)));
    const t3 = tf.mul(tf.sub(tf.add(a2, b2), s1), digamma(s1));
    return tf.add(tf.add(t1, t2), t3);
  }),
);

/** KL(Dir(α) ‖ Dir(β)) = lnΓ(α₀) - Σ lnΓ(αᵢ) - lnΓ(β₀) + Σ lnΓ(βᵢ) + Σ (αᵢ - βᵢ)(ψ(αᵢ) - ψ(α₀)). */
registerKL(Dirichlet, Dirichlet, (p: Dirichlet, q: Dirichlet) =>
  tf.tidy(() => {
    const a = p.concentration;
    const b = q.concentration;
    const a0 = tf.sum(a, -1);
    const b0 = tf.sum(b, -1);
    const norms = tf.add(tf.sub(lgamma(a0), lgamma(b0)), tf.sub(tf.sum(lgamma(b), -1), tf.sum(lgamma(a), -1)));
    const cross = tf.sum(tf.mul(tf.sub(a, b), tf.sub(digamma(a), tf.expandDims(digamma(a0), -1))), -1);
    return tf.add(norms, cross);
  }),
);
