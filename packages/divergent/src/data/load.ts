// One entry point for every data source a command line can name.
import { existsSync } from 'node:fs';
import { DivergentInputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { loadMnist } from './mnist.js';
import { loadDataFile, type UserDataOptions } from './user-data.js';

export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;

/** `spec` is 'mnist', 'fashion-mnist' or the path of an IDX, .npy or CSV file. */
export function loadDataset(spec: string, options: UserDataOptions = {}): Dataset {
  if (spec === 'mnist' || spec === 'fashion-mnist') {
    const extra = (['test', 'testFraction', 'labels', 'testLabels', 'labelColumn'] as const).find((k) => options[k] !== undefined);
    if (extra) {
      throw new DivergentInputError(extra, `applies to the user's own data files, not to ${spec}, which has its own test set`);
    }
    return spec === 'mnist' ? loadMnist() : loadFashionMnist();
  }
  if (!existsSync(spec)) {
    throw new DivergentInputError(
      'dataset',
      `${JSON.stringify(spec)} is neither a known dataset (${DATASET_NAMES.join(', ')}) nor an existing file`,
    );
  }
  return loadDataFile(spec, options);
}
