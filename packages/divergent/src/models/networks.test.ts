import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Rng } from '../random.js';
import { mlp } from './networks.js';

beforeAll(async () => {
  await initBackend();
});

describe('torch-default initialisation', () => {
  it('draws weights and biases from U(-1/sqrt(fan_in), 1/sqrt(fan_in)): within the bound, variance bound^2/3', () => {
    const model = mlp({ name: 'init', inputDim: 400, hidden: [300], activation: 'relu', heads: [{ name: 'o', units: 10 }], init: 'torch-default', rng: new Rng(4) });
    const [kernel, bias] = model.getWeights().map((w) => Array.from(w.dataSync()));
    const bound = 1 / Math.sqrt(400);
    for (const v of [...kernel, ...bias]) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    const n = kernel.length;
    const variance = kernel.reduce((a, v) => a + v * v, 0) / n;
    // Var(U^2) for U ~ U(-b, b) is 4b^4/45.
    expect(Math.abs(variance - bound ** 2 / 3)).toBeLessThan(4 * Math.sqrt((4 * bound ** 4) / 45 / n));
    model.dispose();
  });
});
