// The GAN's public API (re-exported from the package root): objectives, f-GAN, networks and
// stabilisers, the toy targets, training, comparison and diagnostics.
export { ganObjectives, ganValue, discriminatorLoss, GAN_LOSSES, type AdversarialObjective, type GanLoss } from './gan.js';
export { fGan, type FGanOptions } from './fgan.js';
export { buildGenerator, generate, ARCHITECTURES, type GeneratorSpec, type Architecture, type OutputSquash } from './generator.js';
export { buildDiscriminator, criticScores, r1Penalty, type DiscriminatorSpec } from './discriminator.js';
export { SpectralDense, updateSpectralNorms } from './discriminator-spectral.js';
export { resolveGanConfig, activeStabilisers, GAN_DATASETS, LOSSES as GAN_LOSS_CHOICES, type GanConfig, type GanOptions } from './gan-config.js';
export { ganData, type GanData } from './gan-data.js';
export { GanTrainer, objectiveFor, type GanStepMetrics } from './gan-trainer.js';
export { trainGan, type TrainGanOptions, type TrainedGan } from './gan-run.js';
export { compareDivergences, type CompareOptions, type CompareRow, type CompareRun } from './gan-compare.js';
export { toy2d, isToyDataset, TOY_DATASETS, type Toy2d, type ToyDatasetName } from '../data/toy2d.js';
export { countModes, modesCovered, modeHistogram, type ModeCounts } from '../eval/modes.js';
export { modeMetrics, HQ_SIGMAS, type ModeMetrics } from '../eval/gan.js';
export { frechetDistance, frechetDistanceGaussians, symmetricEigen } from '../eval/frechet.js';
export { mnistClassifier, mnistGanScores, classifierDir, type MnistClassifier, type MnistGanScores } from '../eval/classifier.js';
export { fitGaussian, forwardVersusReverse, DEFAULT_MIXTURE, type GaussianFit, type TwoGaussianMixture } from '../eval/gan-kl-fit.js';
