// Minibatches over a split: a fresh seeded shuffle each epoch, optional dynamic binarisation,
// and a state small enough to go into a checkpoint so that a resumed run sees exactly the
// batches the uninterrupted run would have seen.
import { DivergentInputError } from '../errors.js';
import { Rng, type RngState } from '../random.js';
import { binarizeRows } from './binarize.js';
import { gatherRows, subsetLabels, type DataSplit } from './dataset.js';

export interface BatchOptions {
  /** Examples per batch. */
  batchSize: number;
  /** Seeds the shuffles and the binarisation draws. */
  seed: number;
  /** Shuffle the order every epoch (default true). */
  shuffle?: boolean;
  /** Replace each batch by a fresh Bernoulli draw of its pixels (default false: raw values). */
  binarize?: boolean;
  /** Skip the last, smaller batch of an epoch (default false). */
  dropRemainder?: boolean;
  /**
   * Write each batch's values over the previous batch's (default false: fresh arrays). For a
   * loop that is done with a batch before it asks for the next: it saves allocating, and
   * page-faulting in, a batch's worth of memory every step.
   */
  reuseArrays?: boolean;
}

export interface Batch {
  /** size × dim values, row-major. */
  x: Float32Array;
  labels: Int32Array | null;
  size: number;
  /** Positions of the batch's examples in the split. */
  indices: Int32Array;
  /** Epoch (from 0) and batch number within it (from 0). */
  epoch: number;
  index: number;
}

/** Everything needed to continue the batch stream; plain JSON. */
export interface BatchIteratorState {
  n: number;
  batchSize: number;
  epoch: number;
  /** Position in the epoch's order of the next example to serve. */
  cursor: number;
  /** The shuffle generator as it was before drawing the current epoch's order. */
  shuffleRng: RngState;
  binarizeRng: RngState;
}

export class BatchIterator {
  readonly dim: number;
  private readonly split: DataSplit;
  private readonly options: Required<BatchOptions>;
  private readonly shuffleRng: Rng;
  private readonly binarizeRng: Rng;
  private epochShuffleState: RngState;
  private order: Int32Array;
  private epochNumber = 0;
  private cursor = 0;
  /** The values of every batch when reuseArrays is set (a smaller last batch takes its start). */
  private reused: Float32Array | null = null;

  constructor(split: DataSplit, options: BatchOptions, state?: BatchIteratorState) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new DivergentInputError('batchSize', `expected a positive integer, found ${options.batchSize}`);
    }
    if (split.n < 1) throw new DivergentInputError('split', 'expected at least one example, found 0');
    this.split = split;
    this.dim = split.images.length / split.n;
    this.options = { shuffle: true, binarize: false, dropRemainder: false, reuseArrays: false, ...options };
    if (this.options.dropRemainder && split.n < options.batchSize) {
      throw new DivergentInputError(
        'batchSize',
        `${options.batchSize} is larger than the ${split.n} examples, and dropRemainder would leave no batch`,
      );
    }
    const seeds = new Rng(options.seed);
    this.shuffleRng = new Rng(seeds.nextUint32());
    this.binarizeRng = new Rng(seeds.nextUint32());
    if (state) {
      if (state.n !== split.n || state.batchSize !== options.batchSize) {
        throw new DivergentInputError(
          'state',
          `saved for ${state.n} examples in batches of ${state.batchSize}, but resumed with ${split.n} in batches of ${options.batchSize}`,
        );
      }
      this.shuffleRng = Rng.fromState(state.shuffleRng);
      this.binarizeRng = Rng.fromState(state.binarizeRng);
      this.epochNumber = state.epoch;
      this.cursor = state.cursor;
    }
    this.epochShuffleState = this.shuffleRng.state();
    this.order = this.drawOrder();
  }

  /** Batches in one epoch. */
  get batchesPerEpoch(): number {
    const { batchSize, dropRemainder } = this.options;
    return dropRemainder ? Math.floor(this.split.n / batchSize) : Math.ceil(this.split.n / batchSize);
  }

  /** The epoch the next batch belongs to. */
  get epoch(): number {
    return this.epochNumber;
  }

  /** The rest of the current epoch's batches; afterwards the iterator stands at the next epoch. */
  *epochBatches(): Generator<Batch> {
    const { batchSize } = this.options;
    const epoch = this.epochNumber;
    while (this.cursor < this.epochEnd()) {
      const start = this.cursor;
      const size = Math.min(batchSize, this.split.n - start);
      this.cursor += size;
      yield this.makeBatch(this.order.subarray(start, start + size), epoch, start / batchSize);
    }
    this.epochNumber = epoch + 1;
    this.cursor = 0;
    this.epochShuffleState = this.shuffleRng.state();
    this.order = this.drawOrder();
  }

  state(): BatchIteratorState {
    return {
      n: this.split.n,
      batchSize: this.options.batchSize,
      epoch: this.epochNumber,
      cursor: this.cursor,
      shuffleRng: this.epochShuffleState,
      binarizeRng: this.binarizeRng.state(),
    };
  }

  private epochEnd(): number {
    const { batchSize, dropRemainder } = this.options;
    return dropRemainder ? Math.floor(this.split.n / batchSize) * batchSize : this.split.n;
  }

  private drawOrder(): Int32Array {
    if (this.options.shuffle) return this.shuffleRng.permutation(this.split.n);
    return Int32Array.from({ length: this.split.n }, (_, i) => i);
  }

  private makeBatch(indices: Int32Array, epoch: number, index: number): Batch {
    if (this.options.reuseArrays) this.reused ??= new Float32Array(this.options.batchSize * this.dim);
    const into = this.reused?.subarray(0, indices.length * this.dim) ?? new Float32Array(indices.length * this.dim);
    // Binarised batches are drawn from the split's rows directly (the draws of gathering first).
    const x = this.options.binarize
      ? binarizeRows(this.split.images, this.dim, indices, this.binarizeRng, into)
      : gatherRows(this.split.images, this.dim, indices, into);
    return { x, labels: subsetLabels(this.split, indices), size: indices.length, indices: Int32Array.from(indices), epoch, index };
  }
}
