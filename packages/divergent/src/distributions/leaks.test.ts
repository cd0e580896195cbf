import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Independent } from './independent.js';
import { kl } from './kl.js';
import { Laplace } from './laplace.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { MultivariateNormalDiag } from './multivariate-normal-diag.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { Uniform } from './uniform.js';

// One of each family (batch shape [2] where it matters), built from plain arrays so that every
// tensor they hold is their own and dispose() must free all of it.
const families: Record<string, () => Distribution> = {
  Normal: () => new Normal([0, 1], [1, 2]),
  MultivariateNormalDiag: () => new MultivariateNormalDiag([[0, 1], [2, 3]], [1, 2]),
  MultivariateNormal: () => new MultivariateNormal([0, 1], { covariance: [[2, 0.5], [0.5, 1]] }),
  Independent: () => new Independent(new Laplace([[0, 1]], [[1, 1]]), 1),
  Bernoulli: () => new Bernoulli({ probs: [0.2, 0.7] }),
  Categorical: () => new Categorical({ probs: [[0.2, 0.8], [0.5, 0.5]] }),
  ContinuousBernoulli: () => new ContinuousBernoulli({ logits: [-1, 0.1] }),
  Beta: () => new Beta([0.5, 2], 3),
  Gamma: () => new Gamma([0.5, 2], 3),
  Dirichlet: () => new Dirichlet([[1, 2, 3], [0.5, 0.5, 0.5]]),
  Poisson: () => new Poisson([0.5, 30]),
  Exponential: () => new Exponential([0.5, 2]),
  Laplace: () => new Laplace([0, 1], [1, 2]),
  Uniform: () => new Uniform([0, 1], [1, 3]),
  MixtureSameFamily: () => new MixtureSameFamily(new Categorical({ probs: [0.3, 0.7] }), new Normal([-1, 2], [0.5, 1])),
};

/** Calls f, disposes what it returned, and reports how many tensors stayed behind. */
function leaks(f: () => tf.Tensor | { value: tf.Tensor; stdError: tf.Tensor }): number {
  return leakedTensors(() => {
    const out = f();
    tf.dispose(out instanceof tf.Tensor ? out : [out.value, out.stdError]);
  });
}

describe('no tensor leaks', () => {
  it('in construction, every method, and dispose() of every family', () => {
    for (const [name, make] of Object.entries(families)) {
      const before = tf.memory().numTensors;
      const d = make();
      const x = d.sample([3], { seed: 1 });
      const calls: [string, () => tf.Tensor][] = [
        ['sample', () => d.sample([4], { seed: 2 })],
        ['logProb', () => d.logProb(x)],
        ['mean', () => d.mean],
        ['variance', () => d.variance],
      ];
      if (d.hasRsample) calls.push(['rsample', () => d.rsample([4], { seed: 3 })]);
      if (!['Poisson', 'MixtureSameFamily'].includes(name)) calls.push(['entropy', () => d.entropy()]);
      for (const [method, call] of calls) expect(leaks(call), `${name}.${method}`).toBe(0);
      x.dispose();
      d.dispose();
      expect(tf.memory().numTensors - before, `${name} after dispose()`).toBe(0);
    }
  });

  it('in every closed-form KL pair and in the Monte Carlo estimate', () => {
    const pairs: [string, string][] = [
      ['Normal', 'Normal'],
      ['MultivariateNormalDiag', 'MultivariateNormalDiag'],
      ['MultivariateNormal', 'MultivariateNormal'],
      ['MultivariateNormalDiag', 'MultivariateNormal'],
      ['Independent', 'Independent'],
      ['Bernoulli', 'Bernoulli'],
      ['Categorical', 'Categorical'],
      ['Beta', 'Beta'],
      ['Gamma', 'Gamma'],
      ['Dirichlet', 'Dirichlet'],
      ['ContinuousBernoulli', 'ContinuousBernoulli'],
      ['Poisson', 'Poisson'],
      ['Exponential', 'Exponential'],
      ['Exponential', 'Gamma'],
      ['Gamma', 'Exponential'],
      ['Laplace', 'Laplace'],
      ['Uniform', 'Uniform'],
      ['Uniform', 'Normal'],
      ['Normal', 'Uniform'],
      ['Gamma', 'Beta'],
    ];
    for (const [a, b] of pairs) {
      const p = families[a]();
      const q = families[b]();
      expect(leaks(() => kl(p, q)), `KL(${a} ‖ ${b})`).toBe(0);
      expect(leaks(() => kl(p, q, { mcSamples: 8, seed: 1 })), `MC KL(${a} ‖ ${b})`).toBe(0);
      p.dispose();
      q.dispose();
    }
  });
});
