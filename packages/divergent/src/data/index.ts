// The public data API, re-exported from the package root.
export type { NdArray, NumericArray } from './array.js';
export type { DataSplit, Dataset } from './dataset.js';
export { parseIdx, readIdx } from './idx.js';
export { loadMnist, mnistDataDir } from './mnist.js';
export { binarize, binarizeSplit } from './binarize.js';
export { BatchIterator, type Batch, type BatchIteratorState, type BatchOptions } from './batches.js';
export { parseNpy, readNpy } from './npy.js';
