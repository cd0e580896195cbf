// Poisson(rate λ): counts k = 0, 1, 2, … with probability λ^k e^{-λ} / k!.
import * as tf from '@tensorflow/tfjs';
import { xlogy } from '../numerics/safe-products.js';
import { lgamma } from '../numerics/special.js';
import { Distribution, type SampleOptions } from './distribution.js';
import { Owned, rateParam, type DistributionOptions, type Param } from './params.js';
import { drawEach, scalar, poisson, rngFor } from './samplers.js';

export class Poisson extends Distribution {
  readonly rate: tf.Tensor;

  constructor(rate: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const r = rateParam(owned, rate, options);
    super(owned, r.shape, []);
    this.rate = r;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const k = this.value(value);
      const isCount = tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(k, 0), tf.less(k, Infinity)), tf.equal(k, tf.floor(k)));
      const safeK = tf.where(isCount, k, tf.zerosLike(k));
      const lp = tf.sub(tf.sub(xlogy(safeK, this.rate), this.rate), lgamma(tf.add(safeK, 1)));
      return tf.where(isCount, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    return tf.tidy(() => {
      const count = sampleShape.reduce((x, y) => x * y, 1);
      return tf.reshape(drawEach(tf.broadcastTo(this.rate, this.batchShape), count, rngFor(options.seed), 1, scalar(poisson)), shape);
    });
  }

  get mean(): tf.Tensor {
    return tf.clone(this.rate);
  }

  get variance(): tf.Tensor {
    return tf.clone(this.rate);
  }
}
