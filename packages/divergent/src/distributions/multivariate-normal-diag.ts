// MultivariateNormalDiag(loc, scaleDiag): a Gaussian over vectors with diagonal covariance,
// i.e. Independent(Normal(loc, scaleDiag), 1): the VAE's usual posterior and prior.
import * as tf from '@tensorflow/tfjs';
import { Independent } from './independent.js';
import { Normal } from './normal.js';
import { Owned, checkMinRank, type DistributionOptions, type Param } from './params.js';

export class MultivariateNormalDiag extends Independent {
  constructor(loc: Param, scaleDiag: Param, options: DistributionOptions = {}) {
    const owned = new Owned();
    const normal = owned.guard(() => {
      const l = owned.param('loc', loc);
      const s = owned.param('scaleDiag', scaleDiag);
      checkMinRank('loc', l, 1, 'a vector (the last axis is the event)');
      checkMinRank('scaleDiag', s, 1, 'a vector (the last axis is the event)');
      return new Normal(l, s, options);
    });
    // The converted parameters belong to the inner Normal's lifetime: hand them over.
    super(normal, 1);
    this.owned.adoptAll(owned);
  }

  /** The mean vector(s) as passed in. */
  get loc(): tf.Tensor {
    return (this.base as Normal).loc;
  }

  /** The per-coordinate standard deviations as passed in. */
  get scaleDiag(): tf.Tensor {
    return (this.base as Normal).scale;
  }
}
