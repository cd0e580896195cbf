// Laplace(loc, scale): density exp(-|x - μ|/b) / (2b), the L1 counterpart of the Normal.
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { standardExponential } from './exponential.js';
import { locScaleParams, Owned, type DistributionOptions, type Param } from './params.js';

export class Laplace extends Distribution {
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(loc: Param, scale: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const [l, s, batch] = locScaleParams(owned, loc, scale, options);
    super(owned, batch, []);
    this.loc = l;
    this.scale = s;
  }

  override get hasRsample(): boolean {
    return true;
  }

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

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(1, tf.log(tf.mul(2, this.scale))), this.batchShape));
  }

  get mean(): tf.Tensor {
    return tf.broadcastTo(this.loc, this.batchShape);
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(2, tf.square(this.scale)), this.batchShape));
  }
}
