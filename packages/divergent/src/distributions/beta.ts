// Beta(concentration1 α, concentration0 β): density x^{α-1} (1-x)^{β-1} / B(α, β) on [0, 1].
import * as tf from '@tensorflow/tfjs';
import { xlogy } from '../numerics/safe-products.js';
import { digamma, lbeta } from '../numerics/special.js';
import { Distribution, type SampleOptions } from './distribution.js';
import { broadcastShapes, check, isPositive, Owned, type DistributionOptions, type Param } from './params.js';
import { rsampleStandardGamma } from './gamma-rsample.js';
import { drawEach, rngFor, standardGamma } from './samplers.js';
import type { Rng } from '../random.js';

// float32 rounds draws within 2^-25 of 1 up to 1, where the density of a Beta with β < 1 is
// infinite; draws are kept inside [MIN, 1 - 2^-24] (the Beta puts mass ~1e-8 beyond them).
const MIN_DRAW = 1.1754943508222875e-38;
const MAX_DRAW = 1 - 2 ** -24;

/** X = G₁ / (G₁ + G₀), G₁ ~ Gamma(α), G₀ ~ Gamma(β), in float64. */
function betaDraw(rng: Rng, p: ArrayLike<number>): number {
  const g1 = standardGamma(rng, p[0]);
  const g0 = standardGamma(rng, p[1]);
  const x = g1 + g0 > 0 ? g1 / (g1 + g0) : p[0] >= p[1] ? 1 : 0;
  return Math.min(MAX_DRAW, Math.max(MIN_DRAW, x));
}

export class Beta extends Distribution {
  readonly concentration1: tf.Tensor;
  readonly concentration0: tf.Tensor;

  constructor(concentration1: Param, concentration0: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const [a, b, batch] = owned.guard(() => {
      const a = owned.param('concentration1', concentration1);
      const b = owned.param('concentration0', concentration0);
      const batch = broadcastShapes(['concentration1', 'concentration0'], [a.shape, b.shape]);
      if (options.validate !== false) {
        check('concentration1', a, 'concentration1 must be finite and > 0', isPositive);
        check('concentration0', b, 'concentration0 must be finite and > 0', isPositive);
      }
      return [a, b, batch] as const;
    });
    super(owned, batch, []);
    this.concentration1 = a;
    this.concentration0 = b;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const inside = tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1));
      const safeX = tf.where(inside, x, tf.fill(x.shape, 0.5));
      const a = this.concentration1;
      const b = this.concentration0;
      const lp = tf.sub(tf.add(xlogy(tf.sub(a, 1), safeX), xlogy(tf.sub(b, 1), tf.sub(1, safeX))), lbeta(a, b));
      return tf.where(inside, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    return tf.tidy(() => {
      const count = sampleShape.reduce((x, y) => x * y, 1);
      const pairs = tf.stack([tf.broadcastTo(this.concentration1, this.batchShape), tf.broadcastTo(this.concentration0, this.batchShape)], -1);
      return tf.reshape(drawEach(pairs, count, rngFor(options.seed), 2, betaDraw), shape);
    });
  }

  /** Implicitly reparameterised through its two Gamma draws: gradients reach both concentrations. */
  override get hasRsample(): boolean {
    return true;
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    return tf.tidy(() => {
      const rng = rngFor(options.seed);
      const g1 = rsampleStandardGamma(tf.broadcastTo(this.concentration1, shape), rng);
      const g0 = rsampleStandardGamma(tf.broadcastTo(this.concentration0, shape), rng);
      return tf.clipByValue(tf.div(g1, tf.add(g1, g0)), MIN_DRAW, MAX_DRAW);
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const total = tf.add(a, b);
      // log B(α, β) - (α-1)ψ(α) - (β-1)ψ(β) + (α+β-2)ψ(α+β)
      return tf.add(
        tf.sub(tf.sub(lbeta(a, b), tf.mul(tf.sub(a, 1), digamma(a))), tf.mul(tf.sub(b, 1), digamma(b))),
        tf.mul(tf.sub(total, 2), digamma(total)),
      );
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.div(this.concentration1, tf.add(this.concentration1, this.concentration0)));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const total = tf.add(this.concentration1, this.concentration0);
      return tf.div(tf.mul(this.concentration1, this.concentration0), tf.mul(tf.square(total), tf.add(total, 1)));
    });
  }
}
