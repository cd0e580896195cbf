// Closed-form KL divergences between Bernoulli-like and discrete distributions, in logit space: log-probabilities
// come from log-sigmoid / log-softmax of the logits, so outcomes whose probabilities round to
// 0 or 1 in float32 still contribute their exact terms, and gradients stay finite.
import * as tf from '@tensorflow/tfjs';
import { mulNoNan } from '../numerics/safe-products.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical, sameCategories } from './categorical.js';
import { ContinuousBernoulli, logNormaliser, meanOf } from './continuous-bernoulli.js';
import { registerKL } from './kl-registry.js';
import { Poisson } from './poisson.js';

/**
 * KL(Bern(σ(a)) ‖ Bern(σ(b))) = σ(a)(log σ(a) - log σ(b)) + σ(-a)(log σ(-a) - log σ(-b))
 *                             = σ(a)(softplus(-b) - softplus(-a)) + σ(-a)(softplus(b) - softplus(a)).
 * Each weight multiplies a difference of softpluses that is small where the weight is large,
 * so nothing cancels (unlike softplus(b) - softplus(a) + σ(a)(a - b), which loses everything
 * at a = 50). A zero weight (probs exactly 0 or 1) wins over an infinite difference.
 */
registerKL(Bernoulli, Bernoulli, (p: Bernoulli, q: Bernoulli) =>
  tf.tidy(() => {
    const a = p.logits;
    const b = q.logits;
    const one = mulNoNan(tf.sigmoid(a), tf.sub(tf.softplus(tf.neg(b)), tf.softplus(tf.neg(a))));
    const zero = mulNoNan(tf.sigmoid(tf.neg(a)), tf.sub(tf.softplus(b), tf.softplus(a)));
    return tf.add(one, zero);
  }),
);

/** KL = Σₖ pₖ (log pₖ - log qₖ) with log-softmax logs; pₖ = 0 terms are 0, qₖ = 0 < pₖ gives +∞. */
registerKL(Categorical, Categorical, (p: Categorical, q: Categorical) => {
  sameCategories(p, q);
  return tf.tidy(() => {
    const lp = p.logProbs();
    return tf.sum(mulNoNan(tf.exp(lp), tf.sub(lp, q.logProbs())), -1);
  });
});

/** KL(Pois(λ) ‖ Pois(μ)) = λ log(λ/μ) - λ + μ. */
registerKL(Poisson, Poisson, (p: Poisson, q: Poisson) =>
  tf.tidy(() => {
    const l = p.rate;
    const m = q.rate;
    return tf.add(tf.mul(l, tf.sub(tf.log(l), tf.log(m))), tf.sub(m, l));
  }),
);

/**
 * KL(CB(a) ‖ CB(b)) = E_p[log p(x) - log q(x)] with log p(x) = log C(l) + x·l - softplus(l):
 * log C(a) - log C(b) + E_p[x](a - b) - softplus(a) + softplus(b).
 */
registerKL(ContinuousBernoulli, ContinuousBernoulli, (p: ContinuousBernoulli, q: ContinuousBernoulli) =>
  tf.tidy(() => {
    const a = p.logits;
    const b = q.logits;
    const norms = tf.sub(logNormaliser(a), logNormaliser(b));
    return tf.add(tf.add(norms, tf.mul(meanOf(a), tf.sub(a, b))), tf.sub(tf.softplus(b), tf.softplus(a)));
  }),
);
