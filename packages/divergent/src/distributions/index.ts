// Probability distributions on tfjs tensors and the KL-divergence registry.
export { Distribution, type SampleOptions } from './distribution.js';
export type { DistributionOptions, Param } from './params.js';
export type { LogitsOrProbs } from './logits-or-probs.js';
export { Normal } from './normal.js';
export { Independent } from './independent.js';
export { MultivariateNormalDiag } from './multivariate-normal-diag.js';
export { Bernoulli } from './bernoulli.js';
export { kl, registerKL, type KLEstimate, type KLMonteCarloOptions } from './kl.js';
export type { DistributionClass, KLFn } from './kl-registry.js';
