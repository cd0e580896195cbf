// The user's own data: an IDX, .npy or CSV file of examples (first axis = examples), with an
// optional labels file, and a held-out test set from a second file or a seeded random fraction.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { Rng } from '../random.js';
import { formatShape, sizeOf, type NdArray } from './array.js';
import { readCsv } from './csv.js';
import { inferImageShape, subset, toLabels, toUnitInterval, type DataSplit, type Dataset } from './dataset.js';
import { parseIdx, readFileBytes } from './idx.js';
import { parseNpy } from './npy.js';

export interface UserDataOptions {
  /** A separate file of test examples, in any of the formats. */
  test?: string;
  /** Without `test`: the fraction of examples held out at random (seeded), default 0.1. */
  testFraction?: number;
  /** Labels for an IDX or .npy training file (for IDX, `*-labels-idx1-*` beside `*-images-idx3-*` is found by itself). */
  labels?: string;
  /** Labels for the test file. */
  testLabels?: string;
  /** CSV only: the label column (see CsvOptions). */
  labelColumn?: string | number | null;
  /** Seeds the random test split (default 0). */
  seed?: number;
}

export const DEFAULT_TEST_FRACTION = 0.1;

interface Examples {
  file: string;
  array: NdArray;
  labels: Int32Array | null;
}

/** Reads a data file of examples and its labels; the format is told by the file's first bytes. */
function readExamples(file: string, labelsFile: string | undefined, options: UserDataOptions): Examples {
  const bytes = readFileBytes(file);
  let array: NdArray;
  let labels: Int32Array | null = null;
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) array = parseNpy(bytes, file);
  else if (bytes[0] === 0 && bytes[1] === 0) array = parseIdx(bytes, file);
  else if (/\.(csv|tsv|txt)$/i.test(file)) {
    const table = readCsv(file, { labelColumn: options.labelColumn });
    array = table.features;
    labels = table.labels;
  } else {
    throw new DivergentInputError(file, 'unrecognised format: expected a .npy file, an IDX file, or a .csv/.tsv/.txt file of numbers');
  }
  if (array.shape.length < 2 || array.shape[0] === 0) {
    throw new DivergentInputError(
      file,
      `expected an array of examples of shape (n, ...) with n >= 1, found ${formatShape(array.shape)}`,
    );
  }
  const labelSource = labelsFile ?? siblingIdxLabels(file);
  if (labelSource) labels = readLabels(labelSource, array.shape[0]);
  return { file, array, labels };
}

/** MNIST's naming: train-images-idx3-ubyte has its labels in train-labels-idx1-ubyte. */
function siblingIdxLabels(file: string): string | undefined {
  const name = basename(file);
  if (!/images/.test(name) || !/idx3/.test(name)) return undefined;
  const sibling = join(dirname(file), name.replace('images', 'labels').replace('idx3', 'idx1'));
  return existsSync(sibling) ? sibling : undefined;
}

function readLabels(file: string, n: number): Int32Array {
  const bytes = readFileBytes(file);
  const array = bytes[0] === 0x93 && bytes[1] === 0x4e ? parseNpy(bytes, file) : parseIdx(bytes, file);
  if (sizeOf(array.shape) !== n || array.shape.length > 2 || (array.shape.length === 2 && array.shape[1] !== 1)) {
    throw new DivergentInputError(file, `expected ${n} labels (one per example), found an array of shape ${formatShape(array.shape)}`);
  }
  return toLabels(array, file);
}

/** Loads the user's data file into training and test splits. */
export function loadDataFile(file: string, options: UserDataOptions = {}): Dataset {
  const train = readExamples(file, options.labels, options);
  const exampleShape = train.array.shape.slice(1);
  const dim = sizeOf(exampleShape);
  const { values, eightBit } = toUnitInterval(train.array, file);
  const all: DataSplit = { images: values, labels: train.labels, n: train.array.shape[0] };

  let trainSplit: DataSplit;
  let testSplit: DataSplit;
  if (options.test !== undefined) {
    if (options.testFraction !== undefined) {
      throw new DivergentInputError('testFraction', 'give either a test file or a test fraction, not both');
    }
    const test = readExamples(options.test, options.testLabels, options);
    const testShape = test.array.shape.slice(1);
    if (sizeOf(testShape) !== dim) {
      throw new DivergentInputError(
        options.test,
        `expected examples of shape ${formatShape(exampleShape)} like ${file}, found ${formatShape(testShape)}`,
      );
    }
    trainSplit = all;
    testSplit = { images: toUnitInterval(test.array, options.test, eightBit).values, labels: test.labels, n: test.array.shape[0] };
  } else {
    [trainSplit, testSplit] = randomSplit(all, dim, options.testFraction ?? DEFAULT_TEST_FRACTION, options.seed ?? 0, file);
  }
  return { name: file, dim, imageShape: inferImageShape(exampleShape), eightBit, train: trainSplit, test: testSplit };
}

/** Holds out round(n·fraction) examples chosen by a seeded shuffle; both parts keep file order. */
function randomSplit(all: DataSplit, dim: number, fraction: number, seed: number, file: string): [DataSplit, DataSplit] {
  if (!(fraction > 0 && fraction < 1)) {
    throw new DivergentInputError('testFraction', `expected a number strictly between 0 and 1, found ${fraction}`);
  }
  const nTest = Math.round(all.n * fraction);
  if (nTest < 1 || nTest > all.n - 1) {
    throw new DivergentInputError(
      'testFraction',
      `${fraction} of the ${all.n} examples in ${file} leaves ${nTest} for testing and ${all.n - nTest} for training: both need at least 1`,
    );
  }
  const order = new Rng(seed).permutation(all.n);
  const byIndex = (a: number, b: number) => a - b;
  const test = order.subarray(0, nTest).sort(byIndex);
  const train = order.subarray(nTest).sort(byIndex);
  return [subset(all, dim, train), subset(all, dim, test)];
}
