// Exponential(rate): waiting times with density λ e^{-λx} on x ≥ 0.
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { Owned, rateParam, type DistributionOptions, type Param } from './params.js';

/** -log(1 - U) for U uniform on [0, 1): standard exponential draws, never infinite. */
export function standardExponential(shape: number[], seed: number | undefined): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.log1p(tf.neg(tf.randomUniform(shape, 0, 1, 'float32', seed)))));
}

export class Exponential extends Distribution {
  readonly rate: tf.Tensor;

  constructor(rate: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const r = rateParam(owned, rate, options);
    super(owned, r.shape, []);
    this.rate = r;
  }

  override get hasRsample(): boolean {
    return true;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const lp = tf.sub(tf.log(this.rate), tf.mul(this.rate, x));
      return tf.where(tf.greaterEqual(x, 0), lp, tf.fill(lp.shape, -Infinity));
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => tf.div(standardExponential(this.extendedShape(sampleShape), seedStream(options.seed)()), this.rate));
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => tf.sub(1, tf.log(this.rate)));
  }

  get mean(): tf.Tensor {
    return tf.reciprocal(this.rate);
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.reciprocal(tf.square(this.rate)));
  }
}
