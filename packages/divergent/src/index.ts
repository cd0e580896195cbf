// The public API of divergent. Everything not exported here is internal.
export { DivergentInputError } from './errors.js';
export { initBackend, isNativeBackend, nativeAvailable, nativeLoadError } from './backend.js';
export * from './data/index.js';
export {
  F_DIVERGENCES,
  F_DIVERGENCE_NAMES,
  F_GAN_OBJECTIVES,
  F_GAN_DIVERGENCES,
  alphaGenerator,
  fGenerator,
  fGanObjective,
} from './info/f-divergences.js';
export type {
  Elementwise,
  FChoice,
  FDivergenceName,
  FGenerator,
  FGanDivergence,
  FGanObjective,
} from './info/f-divergences.js';
export * from './distributions/index.js';
export * from './viz/index.js';
export * from './info/index.js';
export * from './numerics/index.js';
export * from './models/vae-index.js';
export * from './models/gan-index.js';
