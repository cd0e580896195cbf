// What the location-scale families (Normal, Laplace) share: a finite loc and a positive scale
// of one broadcast batch shape, reparameterised sampling, and a mean equal to loc.
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, type SampleOptions } from './distribution.js';
import { locScaleParams, Owned, type DistributionOptions, type Param } from './params.js';

export abstract class LocScaleDistribution extends Distribution {
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

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  get mean(): tf.Tensor {
    return tf.broadcastTo(this.loc, this.batchShape);
  }
}
