// Uniform(low, high): constant density 1/(high - low) on the closed interval [low, high].
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, seedStream, type SampleOptions } from './distribution.js';
import { broadcastShapes, check, isFinite, isPositive, Owned, type DistributionOptions, type Param } from './params.js';

export class Uniform extends Distribution {
  readonly low: tf.Tensor;
  readonly high: tf.Tensor;

  constructor(low: Param, high: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const [l, h, batch] = owned.guard(() => {
      const l = owned.param('low', low);
      const h = owned.param('high', high);
      const batch = broadcastShapes(['low', 'high'], [l.shape, h.shape]);
      if (options.validate !== false) {
        check('low', l, 'low must be finite', isFinite);
        check('high', h, 'high must be finite', isFinite);
        const width = tf.sub(h, l);
        try {
          check('high - low', width, 'high must exceed low', isPositive);
        } finally {
          width.dispose();
        }
      }
      return [l, h, batch] as const;
    });
    super(owned, batch, []);
    this.low = l;
    this.high = h;
  }

  override get hasRsample(): boolean {
    return true;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const lp = tf.neg(tf.log(tf.sub(this.high, this.low)));
      const inside = tf.logicalAnd(tf.greaterEqual(x, this.low), tf.lessEqual(x, this.high));
      return tf.where(inside, lp, tf.fill(inside.shape, -Infinity));
    });
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(this.extendedShape(sampleShape), 0, 1, 'float32', seedStream(options.seed)());
      return tf.add(this.low, tf.mul(tf.sub(this.high, this.low), u));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => tf.log(tf.sub(this.high, this.low)));
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.mul(0.5, tf.add(this.low, this.high)));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.div(tf.square(tf.sub(this.high, this.low)), 12));
  }
}
