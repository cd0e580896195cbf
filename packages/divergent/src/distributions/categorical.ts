// Categorical({logits} | {probs}): one of K outcomes {0, …, K-1}, the last axis of the
// parameter indexing them. Works on log-softmax of the logits, so outcomes with
// probabilities below float32's range keep exact log-probabilities.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { logSoftmax } from '../numerics/log-sum-exp.js';
import { mulNoNan } from '../numerics/safe-products.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { categoricalParams, type LogitsOrProbs } from './logits-or-probs.js';
import { check, Owned, type DistributionOptions, type Param } from './params.js';

export class Categorical extends Distribution {
  /** Unnormalised log-probabilities [...batchShape, K] (as given, or log probs). */
  readonly logits: tf.Tensor;
  /** Number of outcomes. */
  readonly numCategories: number;
  private readonly givenProbs: tf.Tensor | null;

  constructor(params: LogitsOrProbs, options: DistributionOptions = {}) {
    const owned = new Owned();
    const p = owned.guard(() => {
      const validate = options.validate !== false;
      const p = categoricalParams('Categorical', params, owned, validate);
      if (validate) {
        const rowMax = tf.tidy(() => tf.max(p.logits, -1));
        try {
          check('logits', rowMax, 'each row needs at least one outcome with a finite logit (probability > 0); the index shown is the row', Number.isFinite);
        } finally {
          rowMax.dispose();
        }
      }
      return p;
    });
    super(owned, p.logits.shape.slice(0, -1), []);
    this.logits = p.logits;
    this.givenProbs = p.probs;
    this.numCategories = p.logits.shape[p.logits.rank - 1];
  }

  /** Normalised log-probabilities [...batchShape, K]. */
  logProbs(): tf.Tensor {
    return logSoftmax(this.logits);
  }

  /** Probabilities [...batchShape, K]. */
  get probs(): tf.Tensor {
    return this.givenProbs ? tf.clone(this.givenProbs) : tf.softmax(this.logits);
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = tf.expandDims(this.value(value), -1);
      const k = tf.range(0, this.numCategories, 1, 'float32');
      const hit = tf.equal(x, k); // all false off the support (non-integers, out of range)
      const lp = tf.sum(tf.where(hit, this.logProbs(), tf.zerosLike(this.logits)), -1);
      return tf.where(tf.any(hit, -1), lp, tf.fill(lp.shape, -Infinity));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    const n = sampleShape.reduce((a, b) => a * b, 1);
    if (n === 0) return tf.zeros(shape);
    return tf.tidy(() => {
      const flat = tf.reshape(this.logits, [-1, this.numCategories]) as tf.Tensor2D;
      const draws = tf.multinomial(flat, n, seedStream(options.seed)()); // [B, n]
      return tf.reshape(tf.cast(tf.transpose(draws), 'float32'), shape);
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const lp = this.logProbs();
      return tf.neg(tf.sum(mulNoNan(tf.exp(lp), lp), -1));
    });
  }

  /** Mean of the outcome index. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(tf.softmax(this.logits), tf.range(0, this.numCategories, 1, 'float32')), -1));
  }

  /** Variance of the outcome index. */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = tf.softmax(this.logits);
      const k = tf.range(0, this.numCategories, 1, 'float32');
      const m = tf.sum(tf.mul(p, k), -1, true);
      return tf.sum(tf.mul(p, tf.square(tf.sub(k, m))), -1);
    });
  }
}

/** Checks a Categorical's outcome count against another's (for KL pairs). */
export function sameCategories(p: Categorical, q: Categorical): void {
  if (p.numCategories !== q.numCategories) {
    throw new DivergentInputError('q', `Categoricals over different numbers of outcomes: p has ${p.numCategories}, q has ${q.numCategories}`);
  }
}
