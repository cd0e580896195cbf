// The base of every distribution: shapes, parameter ownership, and the contract each family
// fills in. Shapes follow torch.distributions / TFP: a sample has shape
// [...sampleShape, ...batchShape, ...eventShape]; logProb and entropy have the batch shape.
import * as tf from '@tensorflow/tfjs';
import '../numerics/comparison-gradients.js';
import { DivergentInputError } from '../errors.js';
import { checkOptions } from '../info/options.js';
import { Rng } from '../random.js';
import { broadcastShapes, Owned, tensorFrom, type Param } from './params.js';

export interface SampleOptions {
  /** Seed for the draw: the same seed on the same backend gives the same sample. */
  seed?: number;
}

export abstract class Distribution {
  /** Shape of independent, differently parameterised distributions held in this object. */
  readonly batchShape: number[];
  /** Shape of one draw (e.g. [d] for a d-dimensional Gaussian, [] for scalars). */
  readonly eventShape: number[];
  /** Tensors this object created (converted numbers, casts); dispose() frees them. */
  protected readonly owned: Owned;

  protected constructor(owned: Owned, batchShape: number[], eventShape: number[]) {
    this.owned = owned;
    this.batchShape = batchShape;
    this.eventShape = eventShape;
  }

  /** Log density (or mass) of `value`, of the broadcast batch shape; -Infinity outside the support. */
  abstract logProb(value: Param): tf.Tensor;

  /** A draw of shape [...sampleShape, ...batchShape, ...eventShape]; gradients do not flow through it. */
  abstract sample(sampleShape?: number[], options?: SampleOptions): tf.Tensor;

  /** Mean, of shape [...batchShape, ...eventShape]. */
  abstract get mean(): tf.Tensor;

  /** Variance (per coordinate for vector events), of shape [...batchShape, ...eventShape]. */
  abstract get variance(): tf.Tensor;

  /** True when rsample() draws differentiably with respect to the parameters. */
  get hasRsample(): boolean {
    return false;
  }

  /** A reparameterised draw: a differentiable function of the parameters and parameter-free noise. */
  rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    void sampleShape;
    void options;
    throw new DivergentInputError(
      'rsample',
      `${this.constructor.name} has no reparameterised sampler; use sample() (no gradient flows through it)`,
    );
  }

  /** Differential (or Shannon) entropy, of the batch shape: nats, or `base` 2 for bits. */
  entropy(options: { base?: number } = {}): tf.Tensor {
    const { lnBase } = checkOptions({ base: options.base });
    return lnBase === 1 ? this.entropyNats() : tf.tidy(() => tf.div(this.entropyNats(), lnBase));
  }

  /** The closed-form entropy in nats; families that have one override this. */
  protected entropyNats(): tf.Tensor {
    throw new DivergentInputError('entropy', `${this.constructor.name} has no closed-form entropy; estimate -mean(logProb(sample)) instead`);
  }

  /** Frees the tensors this distribution created. Tensors passed in by the caller stay theirs. */
  dispose(): void {
    this.owned.dispose();
  }

  /** Full shape of a draw. */
  protected extendedShape(sampleShape: number[]): number[] {
    for (const n of sampleShape) {
      if (!Number.isInteger(n) || n < 0) {
        throw new DivergentInputError('sampleShape', `[${sampleShape}] must hold non-negative integers`);
      }
    }
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /**
   * A value handed to logProb as a float32 tensor (created in the caller's tidy scope), after
   * checking that its trailing dimensions are the event shape and the rest broadcast with the batch.
   */
  protected value(x: Param): tf.Tensor {
    const t = x instanceof tf.Tensor ? (x.dtype === 'float32' ? x : tf.cast(x, 'float32')) : tensorFrom('value', x as tf.TensorLike);
    const e = this.eventShape.length;
    const trailing = t.shape.slice(t.rank - e);
    if (t.rank < e || trailing.some((n, i) => n !== this.eventShape[i])) {
      throw new DivergentInputError('value', `shape [${t.shape}] must end in the event shape [${this.eventShape}] of ${this.constructor.name}`);
    }
    broadcastShapes(['value batch dimensions', 'batchShape'], [t.shape.slice(0, t.rank - e), this.batchShape]);
    return t;
  }
}

/** A source of seeds for several tfjs random ops drawn from one user seed (undefined stays unseeded). */
export function seedStream(seed: number | undefined): () => number | undefined {
  if (seed === undefined) return () => undefined;
  const rng = new Rng(seed);
  return () => rng.seed();
}

/** Sum over the last `n` axes (no-op for n = 0). */
export function sumRightmost(t: tf.Tensor, n: number): tf.Tensor {
  if (n === 0) return t;
  const axes = Array.from({ length: n }, (_, i) => t.rank - 1 - i);
  return tf.sum(t, axes);
}
