// The information measures: discrete entropy, divergences and mutual information on arrays
// and, differentiably, on tensors.
export { entropy, crossEntropy } from './entropy.js';
export { klDivergence } from './kl.js';
export { jsDivergence, jsDistance, generalizedJsDivergence, type GeneralizedJsOptions } from './js.js';
export { fDivergence } from './f-divergence.js';
export { renyiDivergence } from './renyi.js';
export { mutualInformation, conditionalEntropy, type JointInput, type JointOptions } from './mutual-information.js';
export {
  entropyFromSamples,
  mutualInformationFromSamples,
  type EntropyEstimator,
  type EntropyFromSamplesOptions,
  type Label,
  type FromSamplesOptions,
  type Samples,
} from './estimators.js';
export type { From, MeasureOptions } from './options.js';
export type { Input, Measured } from './dispatch.js';
export type { ArrayInput, ArrayResult } from './input.js';
