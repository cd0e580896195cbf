import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, isNativeBackend } from '../backend.js';
import { Rng } from '../random.js';
import { applyModel } from './dense-net.js';
import { convDecoder, mlp } from './networks.js';

beforeAll(async () => {
  await initBackend();
});

describe('applyModel', () => {
  for (const activation of ['tanh', 'relu', 'softplus'] as const) {
    it(`gives model.apply's outputs and gradients for a ${activation} MLP with two heads`, () => {
      const model = mlp({
        name: `m_${activation}`,
        inputDim: 5,
        hidden: [7, 6],
        activation,
        heads: [{ name: 'a', units: 3 }, { name: 'b', units: 2, activation: 'sigmoid' }],
        init: 'torch-default',
        rng: new Rng(2),
      });
      const x = tf.tidy(() => tf.randomNormal([4, 5], 0, 1, 'float32', 1));
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const run = (f: () => tf.Tensor[]) =>
        tf.tidy(() => {
          const outs = f().map((t) => Array.from(t.dataSync()));
          const { grads } = tf.variableGrads(() => tf.add(tf.sum(f()[0]), tf.sum(tf.square(f()[1]))) as tf.Scalar, vars);
          return [...outs, ...vars.map((v) => Array.from(grads[v.name].dataSync()))];
        });
      const before = tf.memory().numTensors;
      const fast = run(() => applyModel(model, x));
      const slow = run(() => model.apply(x) as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
      fast.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(slow[i][j], 5)));
      x.dispose();
      model.dispose();
    });
  }

  it('falls back to model.apply for a conv decoder: 28x28 output maps, channel by channel', () => {
    const model = convDecoder({ name: 'cd', inputDim: 3, imageShape: [28, 28, 1], filters: [4, 8], activation: 'relu', init: 'tfjs-default', rng: new Rng(1), outChannels: 2 });
    const [a, b] = tf.tidy(() => {
      const z = tf.ones([2, 3]);
      return [Array.from(applyModel(model, z)[0].dataSync()), Array.from((model.apply(z) as tf.Tensor).dataSync())];
    });
    expect(a.length).toBe(2 * 2 * 784);
    expect(a).toEqual(b);
    model.dispose();
  });
  it('runs the trunk and its heads as one native mlp kernel on the native backend (none of tfjs-layers\' ops)', async () => {
    const model = mlp({ name: 'k', inputDim: 6, hidden: [5, 4], activation: 'tanh', heads: [{ name: 'mu', units: 3 }, { name: 'lv', units: 3 }], init: 'torch-default', rng: new Rng(3) });
    const x = tf.ones([2, 6]);
    const { kernels } = await tf.profile(() => applyModel(model, x));
    const names = kernels.map((k) => k.name);
    if (isNativeBackend()) expect(names).toEqual(['DivergentMlp']);
    else expect(names.filter((n) => n === 'Tanh')).toHaveLength(2);
    x.dispose();
    model.dispose();
  });
});

