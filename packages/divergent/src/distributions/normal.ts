// Normal(loc, scale): the univariate Gaussian, parameterised by mean and standard deviation.
import * as tf from '@tensorflow/tfjs';
import { seedStream, type SampleOptions } from './distribution.js';
import { LocScaleDistribution } from './loc-scale.js';
import type { Param } from './params.js';

export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export class Normal extends LocScaleDistribution {
  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(this.value(value), this.loc), this.scale);
      return tf.sub(tf.neg(tf.add(tf.mul(0.5, tf.square(z)), tf.log(this.scale))), HALF_LOG_2PI);
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.extendedShape(sampleShape), 0, 1, 'float32', seedStream(options.seed)());
      return tf.add(this.loc, tf.mul(this.scale, eps));
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_2PI), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.square(this.scale), this.batchShape));
  }
}
