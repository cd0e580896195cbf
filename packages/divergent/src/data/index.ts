// The public data API, re-exported from the package root.
export type { NdArray, NumericArray } from './array.js';
export type { DataSplit, Dataset } from './dataset.js';
export { parseIdx, readIdx } from './idx.js';
export { parseNpy, readNpy } from './npy.js';
export { parseCsv, readCsv, type CsvOptions, type CsvTable } from './csv.js';
export { loadMnist, mnistDataDir } from './mnist.js';
export { loadFashionMnist, FASHION_MNIST_LABELS, type FashionMnistOptions } from './fashion-mnist.js';
export { loadDataFile, DEFAULT_TEST_FRACTION, type UserDataOptions } from './user-data.js';
export { loadDataset, DATASET_NAMES } from './load.js';
export { binarize, binarizeSplit } from './binarize.js';
export { BatchIterator, type Batch, type BatchIteratorState, type BatchOptions } from './batches.js';
// binarize and the batch iterator's states take the seeded generator, so users need it too.
export { Rng, type RngState } from '../random.js';
