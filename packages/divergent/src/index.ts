// The public API of divergent. Everything not exported here is internal.
export { DivergentInputError } from './errors.js';
export { initBackend, isNativeBackend, nativeAvailable, nativeLoadError } from './backend.js';
export * from './data/index.js';
