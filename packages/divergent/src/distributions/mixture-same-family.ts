// MixtureSameFamily(mixture, components): p(x) = Σₖ πₖ pₖ(x), with mixing weights from a
// Categorical over K and K components of one family stacked in the components' last batch
// dimension. A mixture prior has no closed-form KL against anything: kl() estimates it by
// Monte Carlo ({ mcSamples }).
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';
import { logSumExp } from '../numerics/log-sum-exp.js';
import { Categorical } from './categorical.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { broadcastShapes, Owned, type Param } from './params.js';

export class MixtureSameFamily extends Distribution {
  readonly mixture: Categorical;
  readonly components: Distribution;

  /** Takes ownership of both: disposing the mixture disposes them. */
  constructor(mixture: Categorical, components: Distribution) {
    if (!(mixture instanceof Categorical)) throw new DivergentInputError('mixture', 'expected a Categorical over the K components');
    if (!(components instanceof Distribution)) throw new DivergentInputError('components', 'expected a Distribution');
    const cb = components.batchShape;
    const k = mixture.numCategories;
    if (cb.length === 0 || cb[cb.length - 1] !== k) {
      throw new DivergentInputError(
        'components',
        `the last batch dimension must hold the ${k} components the mixture weighs, got batch shape [${cb}]`,
      );
    }
    const batch = broadcastShapes(['mixture batch', 'components batch (without K)'], [mixture.batchShape, cb.slice(0, -1)]);
    super(new Owned(), batch, components.eventShape);
    this.mixture = mixture;
    this.components = components;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      // Put x against every component: [..., 1, *event] broadcasts over K.
      const lpk = this.components.logProb(tf.expandDims(x, x.rank - this.eventShape.length));
      return logSumExp(tf.add(this.mixture.logProbs(), lpk));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const seeds = seedStream(options.seed);
      const k = this.mixture.numCategories;
      // Component choice by the Gumbel-max trick: argmax(log π + Gumbel noise) is a draw from π,
      // and broadcasting the logits gives every batch entry its own draw.
      const shape = [...sampleShape, ...this.batchShape, k];
      const u = tf.randomUniform(shape, 0, 1, 'float32', seeds());
      const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
      const choice = tf.argMax(tf.add(this.mixture.logProbs(), gumbel), -1);
      let mask = tf.oneHot(choice, k).toFloat(); // [...sample, ...batch, K]
      // Components draw over the leading batch dimensions they lack, so every entry is its own draw.
      const cbatch = this.components.batchShape.slice(0, -1);
      const lead = this.batchShape.slice(0, this.batchShape.length - cbatch.length);
      if (cbatch.some((n, i) => n !== this.batchShape[lead.length + i])) {
        throw new DivergentInputError(
          'sample',
          `components with batch [${cbatch}] broadcast inside the mixture's batch [${this.batchShape}]: give the components the full batch shape to sample`,
        );
      }
      const all = this.components.sample([...sampleShape, ...lead], { seed: seeds() }); // [...sample, ...batch, K, *event]
      for (let i = 0; i < this.eventShape.length; i++) mask = tf.expandDims(mask, -1);
      return tf.sum(tf.mul(mask, all), sampleShape.length + this.batchShape.length);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.weights(), this.components.mean), this.batchShape.length));
  }

  /** Law of total variance: Σ πₖ (σₖ² + μₖ²) - μ². */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const w = this.weights();
      const m = this.components.mean;
      const second = tf.sum(tf.mul(w, tf.add(this.components.variance, tf.square(m))), this.batchShape.length);
      return tf.sub(second, tf.square(tf.sum(tf.mul(w, m), this.batchShape.length)));
    });
  }

  /** Mixing weights broadcast to [...batch, K, *event-of-ones]. */
  private weights(): tf.Tensor {
    let w = tf.broadcastTo(tf.softmax(this.mixture.logits), [...this.batchShape, this.mixture.numCategories]);
    for (let i = 0; i < this.eventShape.length; i++) w = tf.expandDims(w, -1);
    return w;
  }

  override dispose(): void {
    this.mixture.dispose();
    this.components.dispose();
    super.dispose();
  }
}
