// Dirichlet(concentration α [..., K]): density Γ(α₀) / Πᵢ Γ(αᵢ) · Πᵢ xᵢ^{αᵢ-1} on the
// probability simplex (xᵢ ≥ 0, Σ xᵢ = 1), α₀ = Σ αᵢ.
import * as tf from '@tensorflow/tfjs';
import { xlogy } from '../numerics/safe-products.js';
import { digamma, lgamma } from '../numerics/special.js';
import { stopGradient } from '../numerics/stop-gradient.js';
import { Distribution, type SampleOptions } from './distribution.js';
import { check, checkMinRank, isPositive, Owned, type DistributionOptions, type Param } from './params.js';
import { rsampleStandardGamma } from './gamma-rsample.js';
import { rngFor } from './samplers.js';

/** How far from 1 a float32 point's coordinates may sum and still count as on the simplex. */
const SIMPLEX_TOLERANCE = 1e-5;

export class Dirichlet extends Distribution {
  readonly concentration: tf.Tensor;

  constructor(concentration: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const a = owned.guard(() => {
      const a = owned.param('concentration', concentration);
      checkMinRank('concentration', a, 1, 'a vector (the last axis indexes the K coordinates)');
      if (options.validate !== false) check('concentration', a, 'concentration must be finite and > 0', isPositive);
      return a;
    });
    super(owned, a.shape.slice(0, -1), a.shape.slice(-1));
    this.concentration = a;
  }

  logProb(value: Param): tf.Tensor {
    return tf.tidy(() => {
      const x = this.value(value);
      const k = this.eventShape[0];
      const onSimplex = tf.logicalAnd(
        tf.all(tf.greaterEqual(x, 0), -1),
        tf.lessEqual(tf.abs(tf.sub(tf.sum(x, -1), 1)), SIMPLEX_TOLERANCE * Math.max(1, Math.sqrt(k))),
      );
      const a = this.concentration;
      const safeX = tf.where(tf.expandDims(onSimplex, -1), x, tf.fill(x.shape, 1 / k));
      const norm = tf.sub(lgamma(tf.sum(a, -1)), tf.sum(lgamma(a), -1));
      const lp = tf.add(tf.sum(xlogy(tf.sub(a, 1), safeX), -1), norm);
      return tf.where(onSimplex, lp, tf.fill(lp.shape, -Infinity));
    });
  }

  sample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, options)));
  }

  /** Implicitly reparameterised through its Gamma draws: gradients reach the concentration. */
  override get hasRsample(): boolean {
    return true;
  }

  override rsample(sampleShape: number[] = [], options: SampleOptions = {}): tf.Tensor {
    const shape = this.extendedShape(sampleShape);
    return tf.tidy(() => {
      const g = rsampleStandardGamma(tf.broadcastTo(this.concentration, shape), rngFor(options.seed));
      return tf.div(g, tf.sum(g, -1, true));
    });
  }

  protected override entropyNats(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const a0 = tf.sum(a, -1);
      const k = this.eventShape[0];
      // log B(α) + (α₀ - K)ψ(α₀) - Σ (αᵢ - 1)ψ(αᵢ)
      const logB = tf.sub(tf.sum(lgamma(a), -1), lgamma(a0));
      return tf.sub(tf.add(logB, tf.mul(tf.sub(a0, k), digamma(a0))), tf.sum(tf.mul(tf.sub(a, 1), digamma(a)), -1));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.div(this.concentration, tf.sum(this.concentration, -1, true)));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a0 = tf.sum(this.concentration, -1, true);
      return tf.div(tf.mul(this.concentration, tf.sub(a0, this.concentration)), tf.mul(tf.square(a0), tf.add(a0, 1)));
    });
  }
}
