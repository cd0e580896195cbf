// Gamma(concentration α, rate β): density β^α x^{α-1} e^{-βx} / Γ(α) on x ≥ 0.
import * as tf from '@tensorflow/tfjs';
import { xlogy } from '../numerics/safe-products.js';
import { digamma, lgamma } from '../numerics/special.js';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, type SampleOptions } from './distribution.js';
import { broadcastShapes, check, isPositive, Owned, type DistributionOptions, type Param } from './params.js';
import { rsampleStandardGamma } from './gamma-rsample.js';
import { rngFor } from './samplers.js';

export class Gamma extends Distribution {
  readonly concentration: tf.Tensor;
  readonly rate: tf.Tensor;

  constructor(concentration: Param, rate: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const [a, b, batch] = owned.guard(() => {
      const a = owned.param('concentration', concentration);
      const b = owned.param('rate', rate);
      const batch = broadcastShapes(['concentration', 'rate'], [a.shape, b.shape]);
      if (options.validate !== false) {
        check('concentration', a, 'concentration must be finite and > 0', isPositive);
        check('rate', b, 'rate must be finite and > 0', isPositive);
      }
      return [a, b, batch] as const;
    });
    super(owned, batch, []);
    this.concentration = a;
    this.rate = b;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const a = this.concentration;
      const b = this.rate;
      // +∞ is outside too: the density's limit there is 0, and ∞ - ∞ would give NaN.
      const inside = tf.logicalAnd(tf.greaterEqual(x, 0), tf.less(x, Infinity));
      const safeX = tf.where(inside, x, tf.zerosLike(x));
      const lp = tf.sub(tf.add(tf.mul(a, tf.log(b)), xlogy(tf.sub(a, 1), safeX)), tf.add(tf.mul(b, safeX), lgamma(a)));
      return tf.where(inside, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  /** Implicitly reparameterised: gradients reach concentration and rate. */
  override get hasRsample(): boolean {
    return true;
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    return tf.tidy(() => tf.div(rsampleStandardGamma(tf.broadcastTo(this.concentration, shape), rngFor(options.seed)), this.rate));
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      // α - log β + log Γ(α) + (1 - α) ψ(α)
      return tf.add(tf.sub(a, tf.log(this.rate)), tf.add(lgamma(a), tf.mul(tf.sub(1, a), digamma(a))));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.div(this.concentration, this.rate));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.div(this.concentration, tf.square(this.rate)));
  }
}
