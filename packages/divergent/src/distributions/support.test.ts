import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Laplace } from './laplace.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { Uniform } from './uniform.js';

describe('values outside the support', () => {
  it('get logProb = -Infinity, never NaN, in every family (±Infinity included)', () => {
    tf.tidy(() => {
      // Each family with values that lie outside its support (or at ±∞ on an unbounded one).
      const cases: [Distribution, number[] | number[][]][] = [
        [new Normal([0, 1], [1, 2]), [Infinity, -Infinity]],
        [new Laplace([0, 1], [1, 2]), [Infinity, -Infinity]],
        [new Exponential([0.5, 2]), [-1, Infinity]],
        [new Gamma([0.5, 3], 2), [-1, Infinity]],
        [new Poisson([0.5, 3]), [-1, Infinity]],
        [new Poisson([0.5, 3]), [1.5, -Infinity]],
        [new Uniform([0, 1], [1, 2]), [-Infinity, Infinity]],
        [new Beta([0.5, 3], 2), [-0.1, Infinity]],
        [new ContinuousBernoulli({ logits: [-3, 2] }), [1.01, -Infinity]],
        [new Bernoulli({ logits: [-3, 2] }), [0.5, Infinity]],
        [new Categorical({ logits: [[0, 1], [1, 0]] }), [2, -1]],
        [new Categorical({ logits: [[0, 1], [1, 0]] }), [Infinity, 0.5]],
        [new Dirichlet([[1, 2], [3, 4]]), [[0.5, 0.6], [-Infinity, Infinity]]],
        [new MultivariateNormalDiag([[0, 0], [1, 1]], [1, 1]), [[Infinity, 0], [0, -Infinity]]],
        [new MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0.5, 1]] }), [[Infinity, 0], [0, -Infinity]]],
        [new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal([0, 1], 1)), [Infinity, -Infinity]],
      ];
      for (const [d, x] of cases) {
        const lp = Array.from(d.logProb(x).dataSync());
        expect(lp, `${d.constructor.name} at ${JSON.stringify(x)}`).toEqual([-Infinity, -Infinity]);
      }
    });
  });
});
