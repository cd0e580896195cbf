// Laplace(loc, scale): density exp(-|x - μ|/b) / (2b), the L1 counterpart of the Normal.
import * as tf from '@tensorflow/tfjs';
import { seedStream, type SampleOptions } from './distribution.js';
import { standardExponential } from './exponential.js';
import { LocScaleDistribution } from './loc-scale.js';
import type { Param } from './params.js';

export class Laplace extends LocScaleDistribution {
  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      return tf.neg(tf.add(tf.log(tf.mul(2, this.scale)), tf.div(tf.abs(tf.sub(x, this.loc)), this.scale)));
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      // The difference of two independent standard exponentials is standard Laplace;
      // unlike the inverse CDF it cannot hit log(0).
      const shape = this.extendedShape(sampleShape);
      const seeds = seedStream(options.seed);
      const e = tf.sub(standardExponential(shape, seeds()), standardExponential(shape, seeds()));
      return tf.add(this.loc, tf.mul(this.scale, e));
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(1, tf.log(tf.mul(2, this.scale))), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(2, tf.square(this.scale)), this.batchShape));
  }
}
