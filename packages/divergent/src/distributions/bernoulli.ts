// Bernoulli({logits} | {probs}): a coin with P(x = 1) = sigmoid(logits). Log-probabilities are
// log-sigmoids of the logits, so they stay exact where probabilities round to 0 or 1.
import * as tf from '@tensorflow/tfjs';
import { mulNoNan } from '../numerics/safe-products.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { binaryParams, type LogitsOrProbs } from './logits-or-probs.js';
import { Owned, type DistributionOptions, type Param } from './params.js';

export class Bernoulli extends Distribution {
  readonly logits: tf.Tensor;
  private readonly givenProbs: tf.Tensor | null;

  constructor(params: LogitsOrProbs, options: DistributionOptions = {}) {
    const owned = new Owned();
    const p = owned.guard(() => binaryParams('Bernoulli', params, owned, options.validate !== false));
    super(owned, p.logits.shape, []);
    this.logits = p.logits;
    this.givenProbs = p.probs;
  }

  /** P(x = 1), a new tensor of the batch shape. */
  get probs(): tf.Tensor {
    return this.givenProbs ? tf.clone(this.givenProbs) : tf.sigmoid(this.logits);
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      // log σ(l) = -softplus(-l) for x = 1 and log σ(-l) = -softplus(l) for x = 0.
      const lp = tf.where(tf.equal(x, 1), tf.neg(tf.softplus(tf.neg(this.logits))), tf.neg(tf.softplus(this.logits)));
      const inSupport = tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1));
      return tf.where(inSupport, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.extendedShape(sampleShape), 0, 1, 'float32', seedStream(options.seed)());
      return tf.cast(tf.less(u, tf.sigmoid(this.logits)), 'float32');
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const l = this.logits;
      // H = σ(l)·softplus(-l) + σ(-l)·softplus(l); a zero weight wins over an infinite logit.
      return tf.add(mulNoNan(tf.sigmoid(l), tf.softplus(tf.neg(l))), mulNoNan(tf.sigmoid(tf.neg(l)), tf.softplus(l)));
    });
  }

  get mean(): tf.Tensor {
    return this.probs;
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.mul(tf.sigmoid(this.logits), tf.sigmoid(tf.neg(this.logits))));
  }
}
