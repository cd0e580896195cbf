// The VAE's public API (re-exported from the package root): model, networks, objectives,
// evaluation, and the training infrastructure it shares with the other models.
export { Vae, klToStandardNormal, klToStandardNormalRows, standardNormal, type VaeOutputs, type ForwardOptions } from './vae.js';
export { mlp, convEncoder, convDecoder, ACTIVATIONS, type Activation, type Head, type MlpSpec, type ConvSpec } from './networks.js';
export { layerInit, INIT_NAMES, type InitName } from './init.js';
export { likelihood, DECODER_NAMES, DEFAULT_VARIANCE_FLOOR, type DecoderName, type Likelihood } from './vae-likelihoods.js';
export {
  objectives,
  klSchedules,
  klTerms,
  elboObjective,
  iwaeObjective,
  objectiveTerms,
  batchElbo,
  keepElboOutputs,
  logMeanWeights,
  type ObjectiveSpec,
  type ObjectiveTerms,
  type BatchElbo,
  type ElboOutputs,
  type AnnealSpec,
  type ElboSettings,
} from './vae-objectives.js';
export { VAE_PRESETS, PRESET_NAMES, buildVae, preset, type VaePreset, type VaeArchitecture, type PresetName } from './vae-presets.js';
export { evaluateVae, collapseWarning, type VaeEvaluation } from '../eval/vae-evaluate.js';
export { evaluateElbo, type ElboResult } from '../eval/elbo.js';
export { importanceSampledLogLikelihood, DEFAULT_NLL_K } from '../eval/nll.js';
export { countActiveUnits, ACTIVE_UNIT_THRESHOLD } from '../eval/active-units.js';
export { mutualInformation as latentMutualInformation } from '../eval/mutual-info.js';
export { vaeTestData, bitsPerDim, dequantize, type TestData } from '../eval/vae-test-data.js';
export { writeVaePictures, writeVaeArtifacts } from '../eval/vae-pictures.js';
export { resolveVaeConfig, trainVae, loadTrainedVae, loadVaeData, type VaeRunConfig, type VaeOverrides } from '../train/vae-run.js';
export * from '../train/index.js';
export { makeAdam } from '../train/optimizer.js';
