import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import '../index.js';
import { randomValues } from '../../test/oracle.js';
import { requireEwAddon } from '../kernels/elementwise-addon.js';
import { NativeAdamOptimizer, nativeAdam } from './adam.js';
import { nativeMomentum } from './momentum.js';

const SHAPES = [[40, 30], [30], [], [3, 1, 2]];
/** The addon splits one step's elements into chunks of this many per thread (csrc/optimizer.cc). */
const CHUNK = 32768;
/** Parameters smaller than, equal to and larger than a chunk, so chunks start mid-parameter. */
const CHUNK_SHAPES = [[3], [300, 200], [1000], [CHUNK], [], [50000], [7, 5]];

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Seeded gradients for each step and variable (the same on every backend). */
function gradientValues(shapes: number[][], step: number): Float32Array[] {
  return shapes.map((s, i) => randomValues(size(s), 1000 * step + i, -2, 2));
}

/**
 * Runs `steps` optimizer steps with fixed gradients on the given backend and returns every
 * variable's values after each step (copies).
 */
async function trajectory(
  backend: string, make: () => tf.Optimizer, steps: number, prefix: string, shapes = SHAPES,
): Promise<Float32Array[][]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const vars = shapes.map((s, i) =>
    tf.tidy(() => tf.variable(tf.tensor(randomValues(size(s), 77 + i), s), true, `${prefix}${i}`)));
  const opt = make();
  const out: Float32Array[][] = [];
  for (let t = 0; t < steps; t++) {
    const grads = gradientValues(shapes, t);
    const named = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i], shapes[i]) }));
    opt.applyGradients(named);
    tf.dispose(named.map((n) => n.tensor));
    out.push(vars.map((v) => Float32Array.from(v.dataSync())));
  }
  opt.dispose();
  tf.dispose(vars);
  // tf.train.momentum itself keeps one scalar after dispose(); the native optimizers keep none.
  if (backend === 'native') expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('NativeAdamOptimizer', () => {
  it('equals tf.train.adam on cpu bit for bit, step by step', async () => {
    for (const [lr, b1, b2, eps] of [[0.01, 0.9, 0.999, undefined], [0.3, 0.5, 0.75, 1e-3]] as const) {
      const ref = await trajectory('cpu', () => tf.train.adam(lr, b1, b2, eps), 6, `ref${lr}_`);
      const got = await trajectory('native', () => nativeAdam(lr, b1, b2, eps), 6, `nat${lr}_`);
      expect(got).toEqual(ref);
    }
  });

  it('updates every parameter in one addon call per step, equal to tf.train.adam across thread chunks', async () => {
    const adam = vi.spyOn(requireEwAddon(), 'adam');
    const ref = await trajectory('cpu', () => tf.train.adam(0.02), 4, 'chunkRef', CHUNK_SHAPES);
    const got = await trajectory('native', () => nativeAdam(0.02), 4, 'chunkNat', CHUNK_SHAPES);
    expect(adam).toHaveBeenCalledTimes(4);
    expect(adam.mock.calls[0][0].map((p) => p.length)).toEqual(CHUNK_SHAPES.map(size));
    adam.mockRestore();
    expect(got).toEqual(ref);
  });

  it('sees earlier updates of the same step as tf.train.adam does (a parameter twice, a parameter as a gradient)', async () => {
    const run = async (backend: string, make: () => tf.Optimizer): Promise<number[][]> => {
      await tf.setBackend(backend);
      const a = tf.variable(tf.tensor1d([0.5, -1, 2]), true, `twiceA_${backend}`);
      const b = tf.variable(tf.tensor1d([1, 2, 3]), true, `twiceB_${backend}`);
      const opt = make();
      const g = tf.tensor1d([0.3, -0.7, 0.1]);
      for (let t = 0; t < 3; t++) {
        opt.applyGradients([{ name: a.name, tensor: g }, { name: a.name, tensor: g }, { name: b.name, tensor: a }]);
      }
      const values = [Array.from(a.dataSync()), Array.from(b.dataSync())];
      opt.dispose();
      tf.dispose([a, b, g]);
      return values;
    };
    expect(await run('native', () => nativeAdam(0.1))).toEqual(await run('cpu', () => tf.train.adam(0.1)));
  });

  it('minimizes through tf.Optimizer.minimize and lowers a quadratic loss', async () => {
    await tf.setBackend('native');
    const w = tf.variable(tf.tensor1d([3, -2, 5]), true, 'adamQuadratic');
    const opt = nativeAdam(0.1);
    expect(opt).toBeInstanceOf(tf.Optimizer);
    const losses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const cost = opt.minimize(() => w.sub(tf.tensor1d([1, 1, 1])).square().sum(), true, [w]);
      losses.push(cost!.dataSync()[0]);
      cost!.dispose();
    }
    expect(losses[0]).toBeCloseTo(4 + 9 + 16, 5);
    expect(losses[49]).toBeLessThan(0.2);
    expect(opt.iterations).toBe(50);
    opt.dispose();
    w.dispose();
  });

  it('never writes into a buffer another tensor shares', async () => {
    await tf.setBackend('native');
    const init = tf.tensor1d([1, 2, 3]);
    const w = tf.variable(init, true, 'adamShared'); // shares init's buffer
    const alias = w.reshape([3, 1]); // shares it too
    const opt = nativeAdam(0.5);
    opt.applyGradients([{ name: w.name, tensor: tf.tensor1d([1, -1, 0]) }]);
    expect(Array.from(init.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(alias.dataSync())).toEqual([1, 2, 3]);
    // The first Adam step moves each entry by about -lr·sign(g) (m̂/√v̂ = ±1 up to float32
    // rounding of the bias correction), and not at all where g = 0.
    const [a, b, c] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(0.5, 4);
    expect(b).toBeCloseTo(2.5, 4);
    expect(c).toBe(3);
    tf.dispose([init, w, alias]);
    opt.dispose();
  });

  it('resumes from getWeights/setWeights exactly as an uninterrupted run', async () => {
    await tf.setBackend('native');
    const run = async (interrupt: boolean): Promise<number[]> => {
      const w = tf.variable(tf.tensor1d([0.5, -1, 2]), true, `adamResume${interrupt}`);
      let opt = nativeAdam(0.05, 0.8, 0.9);
      const grad = (t: number) => [{ name: w.name, tensor: tf.tensor1d([Math.sin(t), Math.cos(t), t / 7]) }];
      for (let t = 0; t < 5; t++) {
        if (interrupt && t === 3) {
          const saved = await opt.getWeights();
          const copies = saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() }));
          opt.dispose();
          opt = NativeAdamOptimizer.fromConfig(NativeAdamOptimizer, opt.getConfig()) as NativeAdamOptimizer;
          await opt.setWeights(copies);
          tf.dispose(copies.map((c) => c.tensor));
        }
        const g = grad(t);
        opt.applyGradients(g);
        tf.dispose(g.map((x) => x.tensor));
      }
      const values = Array.from(w.dataSync());
      opt.dispose();
      w.dispose();
      return values;
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it('trains a tfjs-layers model through compile/fit exactly like tf.train.adam', async () => {
    await tf.setBackend('native');
    const before = tf.memory().numTensors;
    const fit = async (optimizer: tf.Optimizer) => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, inputShape: [4], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const [xs, ys] = tf.tidy(() => {
        const x = tf.tensor2d(randomValues(32 * 4, 5), [32, 4]);
        return [x, x.sum(1, true).sin()];
      });
      const history = await model.fit(xs, ys, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      tf.dispose([xs, ys]);
      model.dispose();
      optimizer.dispose();
      return { loss: history.history.loss as number[], weights };
    };
    const ref = await fit(tf.train.adam(0.05));
    const got = await fit(nativeAdam(0.05));
    expect(got.loss).toEqual(ref.loss);
    expect(got.weights).toEqual(ref.weights);
    expect(got.loss[3]).toBeLessThan(got.loss[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serialises its config and names its slots like tf.train.adam', async () => {
    await tf.setBackend('native');
    const opt = nativeAdam(0.002, 0.85, 0.995, 1e-6);
    expect(opt.getConfig()).toEqual({ learningRate: 0.002, beta1: 0.85, beta2: 0.995, epsilon: 1e-6 });
    expect(opt.getClassName()).toBe('NativeAdam');
    const w = tf.variable(tf.zeros([2]), true, 'adamNames');
    opt.applyGradients({ adamNames: tf.ones([2]) });
    expect((await opt.getWeights()).map((x) => x.name)).toEqual(['iter', 'adamNames/m', 'adamNames/v']);
    opt.dispose();
    w.dispose();
  });
});

describe('NativeMomentumOptimizer', () => {
  it('equals tf.train.momentum on cpu bit for bit, with and without Nesterov', async () => {
    for (const nesterov of [false, true]) {
      const ref = await trajectory('cpu', () => tf.train.momentum(0.05, 0.9, nesterov), 5, `mref${nesterov}_`);
      const got = await trajectory('native', () => nativeMomentum(0.05, 0.9, nesterov), 5, `mnat${nesterov}_`);
      expect(got).toEqual(ref);
      const chunkRef = await trajectory('cpu', () => tf.train.momentum(0.05, 0.9, nesterov), 3, `mcref${nesterov}_`, CHUNK_SHAPES);
      const chunkGot = await trajectory('native', () => nativeMomentum(0.05, 0.9, nesterov), 3, `mcnat${nesterov}_`, CHUNK_SHAPES);
      expect(chunkGot).toEqual(chunkRef);
    }
  });
});
