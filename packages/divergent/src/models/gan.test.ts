import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Rng } from '../random.js';
import { SpectralDense } from './discriminator-spectral.js';
import { buildDiscriminator, criticScores, r1Penalty } from './discriminator.js';
import { discriminatorLoss, ganObjectives, ganValue } from './gan.js';

beforeAll(async () => {
  await initBackend();
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

describe('GAN objectives from logits', () => {
  const real = [2, -0.5, 1];
  const fake = [-1, 0.3];

  it('V(D, G) = E_P[log σ(v)] + E_Q[log(1 - σ(v))], computed by hand', () => {
    const before = tf.memory().numTensors;
    const expected = mean(real.map((v) => Math.log(sigmoid(v)))) + mean(fake.map((v) => Math.log(1 - sigmoid(v))));
    const value = ganValue(tf.tensor1d(real), tf.tensor1d(fake));
    expect(value.dataSync()[0]).toBeCloseTo(expected, 6);
    tf.dispose(value);
    expect(tf.memory().numTensors).toBe(before + 2); // only the two inputs of this test remain
    tf.disposeVariables();
  });

  it('generator losses: minimax E_Q[log(1 - σ(v))], non-saturating -E_Q[log σ(v)]', () => {
    const v = tf.tensor1d(fake);
    expect(ganObjectives.minimax.generatorLoss(v).dataSync()[0]).toBeCloseTo(mean(fake.map((x) => Math.log(1 - sigmoid(x)))), 6);
    expect(ganObjectives['non-saturating'].generatorLoss(v).dataSync()[0]).toBeCloseTo(-mean(fake.map((x) => Math.log(sigmoid(x)))), 6);
    v.dispose();
  });

  it('stays finite where probabilities underflow (logits ±200)', () => {
    const value = ganValue(tf.tensor1d([-200]), tf.tensor1d([200])).dataSync()[0];
    expect(value).toBeCloseTo(-400, 3); // log σ(-200) + log(1 - σ(200)) = -200 - 200
    expect(ganObjectives['non-saturating'].generatorLoss(tf.tensor1d([-200])).dataSync()[0]).toBeCloseTo(200, 3);
  });

  it('the saturating generator has a vanishing gradient where D rejects fakes; the non-saturating one does not', () => {
    const grad = (loss: (v: tf.Tensor) => tf.Scalar) => tf.grad(loss)(tf.tensor1d([-8])).dataSync()[0];
    // d/dv log(1 - σ(v)) = -σ(v) ≈ -3.4e-4 at v = -8; d/dv -log σ(v) = -(1 - σ(v)) ≈ -1.
    expect(grad(ganObjectives.minimax.generatorLoss)).toBeCloseTo(-sigmoid(-8), 6);
    expect(grad(ganObjectives['non-saturating'].generatorLoss)).toBeCloseTo(-(1 - sigmoid(-8)), 6);
  });
});

describe('discriminator', () => {
  it('one gradient step lowers its loss on fixed batches', () => {
    const rng = new Rng(3);
    const d = buildDiscriminator({ arch: 'mlp', sampleDim: 2, pack: 1, hidden: [16, 16], spectralNorm: false, rng });
    const real = tf.randomNormal([64, 2], 1, 0.5, 'float32', 1);
    const fake = tf.randomNormal([64, 2], -1, 0.5, 'float32', 2);
    const objective = ganObjectives['non-saturating'];
    const loss = () => tf.tidy(() => discriminatorLoss(objective, criticScores(d, real, 1), criticScores(d, fake, 1)));
    const opt = tf.train.sgd(0.05);
    const vars = d.trainableWeights.map((w) => w.read() as tf.Variable);
    const before = tf.memory().numTensors;
    const l0 = loss();
    opt.minimize(loss, false, vars);
    const l1 = loss();
    expect(l1.dataSync()[0]).toBeLessThan(l0.dataSync()[0] - 1e-3);
    tf.dispose([l0, l1]);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    d.dispose();
    tf.dispose([real, fake]);
  });

  it('packing feeds m samples as one input: a pack of 2 scores [B/2]', () => {
    const d = buildDiscriminator({ arch: 'mlp', sampleDim: 2, pack: 2, hidden: [], spectralNorm: false, rng: new Rng(1) });
    const [w, b] = d.getWeights();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const wv = w.dataSync();
    const bv = b.dataSync()[0];
    const s = criticScores(d, x, 2).dataSync();
    expect(s.length).toBe(2);
    expect(s[0]).toBeCloseTo(1 * wv[0] + 2 * wv[1] + 3 * wv[2] + 4 * wv[3] + bv, 5);
    expect(s[1]).toBeCloseTo(5 * wv[0] + 6 * wv[1] + 7 * wv[2] + 8 * wv[3] + bv, 5);
    d.dispose();
    x.dispose();
  });

  it('R1 of a linear critic is γ/2·|W|² and its gradient with respect to W is γ·W (double backprop)', () => {
    const d = buildDiscriminator({ arch: 'mlp', sampleDim: 2, pack: 2, hidden: [], spectralNorm: false, rng: new Rng(2) });
    const kernel = d.trainableWeights[0].read() as tf.Variable;
    const w = Array.from(kernel.dataSync());
    const x = tf.randomNormal([8, 2], 0, 1, 'float32', 5);
    const gamma = 0.7;
    const penalty = r1Penalty(d, x, 2, gamma).dataSync()[0];
    expect(penalty).toBeCloseTo((gamma / 2) * w.reduce((s, v) => s + v * v, 0), 5);
    const { grads } = tf.variableGrads(() => r1Penalty(d, x, 2, gamma), [kernel]);
    const g = Array.from(grads[kernel.name].dataSync());
    g.forEach((gi, i) => expect(gi).toBeCloseTo(gamma * w[i], 5));
    tf.dispose([x, grads[kernel.name]]);
    d.dispose();
  });

  it('R1 through leaky-ReLU layers matches a central finite difference in a weight', () => {
    const d = buildDiscriminator({ arch: 'mlp', sampleDim: 2, pack: 1, hidden: [8], spectralNorm: false, rng: new Rng(4) });
    const kernel = d.trainableWeights[0].read() as tf.Variable;
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 6);
    const f = () => r1Penalty(d, x, 1, 1);
    const { grads } = tf.variableGrads(f, [kernel]);
    const analytic = grads[kernel.name].dataSync()[3];
    const w0 = kernel.dataSync().slice();
    const at = (delta: number) => {
      const w = w0.slice();
      w[3] += delta;
      kernel.assign(tf.tensor(w, kernel.shape));
      return f().dataSync()[0];
    };
    const h = 1e-2;
    const numeric = (at(h) - at(-h)) / (2 * h);
    expect(analytic).toBeCloseTo(numeric, 2);
    tf.dispose([x, grads[kernel.name]]);
    d.dispose();
  });

  it('spectral normalisation divides the kernel by its largest singular value (3 for [[2,1],[1,2]])', () => {
    const layer = new SpectralDense({ units: 2, seed: 1 });
    const x = tf.tensor2d([[1, 0]]);
    layer.apply(x); // builds the weights
    layer.setWeights([tf.tensor2d([[2, 1], [1, 2]]), tf.zeros([2]), tf.tensor2d([[1], [0.3]]), tf.tensor2d([[0.2], [1]])]);
    for (let i = 0; i < 30; i++) layer.powerIteration();
    expect(layer.sigma().dataSync()[0]).toBeCloseTo(3, 5);
    const y = (layer.apply(x) as tf.Tensor).dataSync();
    expect(y[0]).toBeCloseTo(2 / 3, 5);
    expect(y[1]).toBeCloseTo(1 / 3, 5);
  });
});
