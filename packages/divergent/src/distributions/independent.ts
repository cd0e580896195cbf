// Independent(base, n): reinterprets the rightmost n batch dimensions of `base` as event
// dimensions, so that logProb sums over them (a factorised joint over a vector or image).
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { Distribution, sumRightmost, type SampleOptions } from './distribution.js';
import { Owned, type Param } from './params.js';

export class Independent extends Distribution {
  readonly base: Distribution;
  readonly reinterpretedBatchNdims: number;

  /** Takes ownership of `base`: disposing this disposes it. */
  constructor(base: Distribution, reinterpretedBatchNdims: number) {
    if (!(base instanceof Distribution)) {
      throw new DivergentInputError('base', 'expected a Distribution');
    }
    const n = reinterpretedBatchNdims;
    if (!Number.isInteger(n) || n < 0 || n > base.batchShape.length) {
      throw new DivergentInputError(
        'reinterpretedBatchNdims',
        `${n} is invalid; it must be an integer in [0, ${base.batchShape.length}] (the rank of the base's batch shape [${base.batchShape}])`,
      );
    }
    const cut = base.batchShape.length - n;
    super(new Owned(), base.batchShape.slice(0, cut), [...base.batchShape.slice(cut), ...base.eventShape]);
    this.base = base;
    this.reinterpretedBatchNdims = n;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => sumRightmost(this.base.logProb(this.value(value)), this.reinterpretedBatchNdims));
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return this.base.sample(sampleShape, options);
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return this.base.rsample(sampleShape, options);
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => sumRightmost(this.base.entropy(), this.reinterpretedBatchNdims));
  }

  get mean(): tf.Tensor {
    return this.base.mean;
  }

  get variance(): tf.Tensor {
    return this.base.variance;
  }

  override dispose(): void {
    this.base.dispose();
    super.dispose();
  }
}
