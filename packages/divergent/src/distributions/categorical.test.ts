import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { leakedTensors } from '../numerics/finite-difference.js';
import { Categorical } from './categorical.js';
import { checkEntropy, checkMoments } from './sampling-check.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const logits = [
  [1, 0, -2],
  [0.3, 0.3, 0.4],
];

describe('Categorical', () => {
  it('matches torch log_prob and entropy', () => {
    expect(
      leakedTensors(() =>
        tf.tidy(() => {
          const d = new Categorical({ logits });
          expect(d.batchShape).toEqual([2]);
          expect(d.eventShape).toEqual([]);
          // torch 1.13 float64: Categorical(logits).log_prob([0, 2]) and .entropy()
          values(d.logProb([0, 2])).forEach((v, i) => expect(v).toBeCloseTo([-0.3490122167681864, -1.0330687599495758][i], 5));
          values(d.entropy()).forEach((v, i) => expect(v).toBeCloseTo([0.7138657579886247, 1.0974774528288536][i], 5));
        }),
      ),
    ).toBe(0);
  });

  it('gives -Infinity off the support and to impossible outcomes, and 0·log 0 = 0 in the entropy', () => {
    tf.tidy(() => {
      const d = new Categorical({ probs: [0.5, 0.5, 0] });
      expect(values(d.logProb([2, 3, -1, 0.5]))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
      expect(values(d.entropy())[0]).toBeCloseTo(Math.LN2, 6);
      // Logits of ±50: probabilities e^-100 underflow nothing in log space.
      const sharp = new Categorical({ logits: [50, -50, 0] });
      expect(values(sharp.logProb([1]))[0]).toBeCloseTo(-100, 4);
    });
  });

  it('samples indices whose mean, variance and entropy agree within 4 standard errors', () => {
    tf.tidy(() => {
      const d = new Categorical({ logits });
      const { meanZ, varianceZ } = checkMoments(d, { samples: 20000, seed: 1 });
      [...meanZ, ...varianceZ].forEach((z) => expect(z).toBeLessThan(4));
      checkEntropy(d, { samples: 20000, seed: 2 }).forEach((z) => expect(z).toBeLessThan(4));
      const x = d.sample([5, 4], { seed: 3 });
      expect(x.shape).toEqual([5, 4, 2]);
    });
  });

  it('rejects probabilities that do not sum to 1 and rows with no possible outcome', () => {
    const before = tf.memory().numTensors;
    expect(() => new Categorical({ probs: [0.5, 0.6] })).toThrow(DivergentInputError);
    expect(() => new Categorical({ probs: [[0.5, 0.5], [0.2, 0.2]] })).toThrow('probs[1] = 0.4');
    expect(() => new Categorical({ logits: [[0, 0], [-Infinity, -Infinity]] })).toThrow('logits[1] = -Infinity');
    expect(() => new Categorical({ logits: 3 })).toThrow('at least one category');
    expect(tf.memory().numTensors).toBe(before);
  });
});
