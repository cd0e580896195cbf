import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput, randomValues, type Input } from '../../test/oracle.js';
import { runWithThreads } from '../../test/with-threads.js';
import { addon } from '../addon.js';
import { mlp, mlpHeads, type DenseActivation, type MlpLayer } from '../index.js';

const activations: DenseActivation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'tanh'];

interface Case {
  batch: number;
  widths: number[];
  acts: DenseActivation[];
  biased: boolean[];
}

/** Seeded inputs [x, w_1..w_L, the biases that exist, r] (r weights the summed output). */
function caseInputs(c: Case, seed: number): Input[] {
  const ws = c.acts.map((_, l) => randomInput([c.widths[l], c.widths[l + 1]], seed + 10 * l + 1));
  const bs = c.acts.flatMap((_, l) => (c.biased[l] ? [randomInput([c.widths[l + 1]], seed + 10 * l + 2)] : []));
  return [randomInput([c.batch, c.widths[0]], seed, -3, 3), ...ws, ...bs, randomInput([c.batch, c.widths[c.acts.length]], seed + 99)];
}

/** The case's layers over tensors laid out as caseInputs. */
function layersOf(c: Case, ts: tf.Tensor[]): MlpLayer[] {
  const n = c.acts.length;
  let next = n;
  return c.acts.map((activation, l) => ({
    w: ts[l] as tf.Tensor2D,
    b: c.biased[l] ? (ts[next++] as tf.Tensor1D) : undefined,
    activation,
    alpha: 0.3,
  }));
}

/** y and the gradient of Σ y·r with respect to x and every w and b. */
function forwardAndGrads(c: Case) {
  return (...ts: tf.Tensor[]): tf.Tensor[] => {
    const r = ts[ts.length - 1];
    const params = ts.slice(0, -1);
    const f = (...ps: tf.Tensor[]) => tf.sum(tf.mul(mlp(ps[0] as tf.Tensor2D, layersOf(c, ps.slice(1))), r));
    return [mlp(params[0] as tf.Tensor2D, layersOf(c, params.slice(1))), ...tf.grads(f)(params)];
  };
}

describe('mlp (a chain of dense layers as one op)', () => {
  it('matches dense() on cpu, forward and every gradient, for 1-4 layers, every activation, with and without biases', async () => {
    let seed = 1;
    for (let depth = 1; depth <= 4; depth++) {
      for (const [i, last] of activations.entries()) {
        const acts = Array.from({ length: depth }, (_, l) => (l === depth - 1 ? last : activations[(i + l + 3) % activations.length]));
        const c: Case = {
          batch: [1, 7, 33][(i + depth) % 3],
          widths: Array.from({ length: depth + 1 }, (_, l) => 1 + ((seed * 7 + l * 13) % 19)),
          acts,
          biased: acts.map((_, l) => (i + l + depth) % 3 !== 0),
        };
        await expectSameAsCpu(caseInputs(c, seed), forwardAndGrads(c), 1e-5, 1e-6);
        seed += 100;
      }
    }
  });

  it('agrees with central finite differences on a small tanh/sigmoid net', async () => {
    await tf.setBackend('native');
    const c: Case = { batch: 3, widths: [4, 5, 2], acts: ['tanh', 'sigmoid'], biased: [true, true] };
    const [x, w1, w2, b1, b2, r] = caseInputs(c, 5).map((i) => tf.tensor(i.values, i.shape));
    const loss = (ps: tf.Tensor[]) => tf.sum(tf.mul(mlp(ps[0] as tf.Tensor2D, layersOf(c, ps.slice(1))), r));
    const params = [x, w1, w2, b1, b2];
    const grads = tf.grads((...ps: tf.Tensor[]) => loss(ps))(params);
    const eps = 1e-2;
    for (const [p, param] of params.entries()) {
      const analytic = grads[p].dataSync();
      const base = param.dataSync();
      for (let j = 0; j < base.length; j++) {
        const at = (d: number) => {
          const v = Float32Array.from(base);
          v[j] += d;
          return tf.tidy(() => loss(params.map((q, k) => (k === p ? tf.tensor(v, q.shape) : q))).dataSync()[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        expect(Math.abs(analytic[j] - numeric), `param ${p} entry ${j}`).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
      }
    }
    tf.dispose([...params, r, ...grads]);
  });

  it('leaks no tensor with or without a tape, and trains variables through an optimizer', async () => {
    await tf.setBackend('native');
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(randomValues(6 * 4, 1), [6, 4]);
    const variable = <T extends tf.Tensor>(t: T) => {
      const v = tf.variable(t);
      t.dispose();
      return v as unknown as T;
    };
    const layers: MlpLayer[] = [
      { w: variable(tf.tensor2d(randomValues(4 * 8, 2), [4, 8])), b: variable(tf.zeros([8]) as tf.Tensor1D), activation: 'relu' },
      { w: variable(tf.tensor2d(randomValues(8 * 3, 3), [8, 3])), activation: 'linear' },
    ];
    const afterSetup = tf.memory().numTensors;
    const y = mlp(x, layers);
    expect(tf.memory().numTensors).toBe(afterSetup + 1);
    y.dispose();
    const loss = () => tf.sum(tf.square(mlp(x, layers))) as tf.Scalar;
    const { value, grads } = tf.variableGrads(loss);
    expect(Object.keys(grads)).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(afterSetup + 4);
    tf.dispose([value, ...Object.values(grads)]);
    const optimizer = tf.train.sgd(0.05);
    const first = tf.tidy(() => loss().dataSync()[0]);
    for (let i = 0; i < 20; i++) tf.tidy(() => { optimizer.minimize(loss); });
    expect(tf.tidy(() => loss().dataSync()[0])).toBeLessThan(first);
    optimizer.dispose();  // holds its learning rate as a tensor
    expect(tf.memory().numTensors).toBe(afterSetup);
    tf.dispose([x, ...layers.flatMap((l) => (l.b == null ? [l.w] : [l.w, l.b]))]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched shapes and unknown activations before any native call', async () => {
    await tf.setBackend('native');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.zeros([2, 3]) as tf.Tensor2D;
      const w = tf.zeros([3, 5]) as tf.Tensor2D;
      expect(() => mlp(x, [])).toThrow(/at least one layer/);
      expect(() => mlp(x, [{ w, activation: 'relu' }, { w, activation: 'relu' }])).toThrow(/layers\[1\]\.w must have shape \[5, out\], got \[3,5\]/);
      expect(() => mlp(x, [{ w, b: tf.zeros([4]) as tf.Tensor1D, activation: 'relu' }])).toThrow(/layers\[0\]\.b must have shape \[5\]/);
      expect(() => mlp(x, [{ w, activation: 'swish' as DenseActivation }])).toThrow(/activation must be one of/);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the addon throw, not crash, on lengths that disagree with dims', () => {
    const f = (n: number) => new Float32Array(n);
    const dims = Float64Array.from([2, 3, 4]);
    const codes = Float64Array.from([1]);
    const alphas = Float64Array.from([0.2]);
    expect(() => addon!.mlpForward(f(6), dims, [f(11)], codes, alphas, [f(8)], 1, [null])).toThrow(/weights\[0\]' has 11 elements, the shapes need 12/);
    expect(() => addon!.mlpForward(f(6), dims, [f(12)], codes, alphas, [f(8)], 1, [f(3)])).toThrow(/biases\[0\]' has 3 elements/);
    expect(() => addon!.mlpForward(f(6), dims, [f(12)], Float64Array.from([5]), alphas, [f(8)], 1, [null])).toThrow(/prelu excepted/);
    expect(() => addon!.mlpForward(f(6), dims, [f(12)], codes, alphas, [f(8)], 2, [null])).toThrow(/'heads' must be/);
    expect(() => addon!.mlpBackward(f(6), dims, [f(12)], codes, alphas, [f(8)], 1, [f(8)], f(7), [f(12)], [null])).toThrow(/'g0' has 7 elements/);
    expect(() => addon!.mlpBackward(f(6), dims, [f(12)], codes, alphas, [f(8)], 1, [f(7)], f(8), [f(12)], [null])).toThrow(/dys\[0\]' has 7 elements/);
    expect(() => addon!.mlpBackward(f(6), dims, [f(12)], codes, alphas, [f(8)], 1, [f(8)], f(8), [], [null])).toThrow(/list of 1 arrays/);
    // Two heads need a layer before them.
    const two = Float64Array.from([1, 1]);
    expect(() => addon!.mlpForward(f(6), Float64Array.from([2, 3, 4, 4]), [f(12), f(12)], two, two, [f(8), f(8)], 2, [null, null])).toThrow(/several heads need at least one layer/);
  });
});

describe('mlpHeads (a trunk and several heads as one op)', () => {
  interface HeadsCase {
    batch: number;
    trunk: Case;
    heads: { width: number; activation: DenseActivation; biased: boolean }[];
  }

  /** Tensors laid out as [x, trunk weights, trunk biases, then per head w (and b), then one r per head]. */
  function headsInputs(c: HeadsCase, seed: number): Input[] {
    const [x, ...trunk] = caseInputs(c.trunk, seed).slice(0, -1);
    const top = c.trunk.widths[c.trunk.widths.length - 1];
    const heads = c.heads.flatMap((h, i) => [
      randomInput([top, h.width], seed + 500 + i),
      ...(h.biased ? [randomInput([h.width], seed + 600 + i)] : []),
    ]);
    const rs = c.heads.map((h, i) => randomInput([c.batch, h.width], seed + 700 + i));
    return [x, ...trunk, ...heads, ...rs];
  }

  function split(c: HeadsCase, ts: tf.Tensor[]): { x: tf.Tensor2D; trunk: MlpLayer[]; heads: MlpLayer[]; rs: tf.Tensor[] } {
    const nTrunk = c.trunk.acts.length + c.trunk.biased.filter(Boolean).length;
    let at = 1 + nTrunk;
    const heads = c.heads.map((h) => ({
      w: ts[at++] as tf.Tensor2D,
      b: h.biased ? (ts[at++] as tf.Tensor1D) : undefined,
      activation: h.activation,
      alpha: 0.3,
    }));
    return { x: ts[0] as tf.Tensor2D, trunk: layersOf(c.trunk, ts.slice(1, 1 + nTrunk)), heads, rs: ts.slice(at) };
  }

  /** Every head's output and the gradient of Σ_i Σ head_i·r_i with respect to every input but the r's. */
  function headsAndGrads(c: HeadsCase) {
    return (...ts: tf.Tensor[]): tf.Tensor[] => {
      const nParams = ts.length - c.heads.length;
      const rs = ts.slice(nParams);
      const loss = (...ps: tf.Tensor[]) => {
        const { x, trunk, heads } = split(c, [...ps, ...rs]);
        return tf.addN(mlpHeads(x, trunk, heads).map((h, i) => tf.sum(tf.mul(h, rs[i]))));
      };
      const { x, trunk, heads } = split(c, ts);
      return [...mlpHeads(x, trunk, heads), ...tf.grads(loss)(ts.slice(0, nParams))];
    };
  }

  it('matches a chain of dense() and separate dense() heads on cpu, forward and every gradient', async () => {
    const cases: HeadsCase[] = [
      { batch: 7, trunk: { batch: 7, widths: [5, 6], acts: ['tanh'], biased: [true] }, heads: [
        { width: 3, activation: 'linear', biased: true }, { width: 3, activation: 'linear', biased: true }] },
      { batch: 33, trunk: { batch: 33, widths: [9, 11, 4], acts: ['relu', 'elu'], biased: [false, true] }, heads: [
        { width: 1, activation: 'sigmoid', biased: false }, { width: 17, activation: 'tanh', biased: true },
        { width: 5, activation: 'leakyrelu', biased: true }] },
      { batch: 1, trunk: { batch: 1, widths: [3, 8], acts: ['linear'], biased: [false] }, heads: [
        { width: 2, activation: 'relu6', biased: true }, { width: 4, activation: 'linear', biased: false }] },
    ];
    for (const [i, c] of cases.entries()) await expectSameAsCpu(headsInputs(c, 10 * i + 3), headsAndGrads(c), 1e-5, 1e-6);
  });

  it('with one head is exactly the chain mlp computes', async () => {
    await tf.setBackend('native');
    const c: Case = { batch: 20, widths: [30, 40, 10], acts: ['tanh', 'linear'], biased: [true, true] };
    const ts = caseInputs(c, 77).slice(0, -1).map((i) => tf.tensor(i.values, i.shape));
    const layers = layersOf(c, ts.slice(1));
    const viaMlp = (...ps: tf.Tensor[]) => tf.sum(tf.square(mlp(ps[0] as tf.Tensor2D, layersOf(c, ps.slice(1)))));
    const viaHeads = (...ps: tf.Tensor[]) => {
      const ls = layersOf(c, ps.slice(1));
      return tf.sum(tf.square(mlpHeads(ps[0] as tf.Tensor2D, ls.slice(0, 1), ls.slice(1))[0]));
    };
    const a = tf.grads(viaMlp)(ts).map((g) => Array.from(g.dataSync()));
    const b = tf.grads(viaHeads)(ts).map((g) => Array.from(g.dataSync()));
    expect(b).toEqual(a);
    expect(Array.from(mlpHeads(ts[0] as tf.Tensor2D, layers.slice(0, 1), layers.slice(1))[0].dataSync()))
      .toEqual(Array.from(mlp(ts[0] as tf.Tensor2D, layers).dataSync()));
    tf.dispose(ts);
  });

  it('rejects an empty trunk, no heads and heads that do not fit the trunk', async () => {
    await tf.setBackend('native');
    tf.tidy(() => {
      const x = tf.zeros([2, 3]) as tf.Tensor2D;
      const trunk: MlpLayer[] = [{ w: tf.zeros([3, 5]) as tf.Tensor2D, activation: 'tanh' }];
      const head: MlpLayer = { w: tf.zeros([5, 2]) as tf.Tensor2D, activation: 'linear' };
      expect(() => mlpHeads(x, [], [head, head])).toThrow(/trunk must hold at least one layer/);
      expect(() => mlpHeads(x, trunk, [])).toThrow(/heads must hold 1 to 16 layers, got 0/);
      expect(() => mlpHeads(x, trunk, [head, { w: tf.zeros([3, 2]) as tf.Tensor2D, activation: 'linear' }]))
        .toThrow(/heads\[1\]\.w must have shape \[5, out\], got \[3,2\]/);
    });
  });
});

describe('mlp threading', () => {
  it('gives bit-identical outputs and gradients with 1 and 2 threads', () => {
    const script = `
      import * as tf from '@tensorflow/tfjs';
      import { createHash } from 'node:crypto';
      const { mlp, mlpHeads, numThreads } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
      await tf.setBackend('native');
      const x = tf.randomUniform([130, 300], -1, 1, 'float32', 1);
      const ps = [[300, 500], [500], [500, 200], [200], [500, 60]].map((s, i) => tf.randomUniform(s, -0.1, 0.1, 'float32', i + 2));
      const f = (x, w1, b1, w2, b2) => tf.sum(tf.square(mlp(x, [{ w: w1, b: b1, activation: 'tanh' }, { w: w2, b: b2, activation: 'elu' }])));
      const g = (x, w1, b1, w2, b2, w3) => {
        const [h2, h3] = mlpHeads(x, [{ w: w1, b: b1, activation: 'tanh' }], [{ w: w2, b: b2, activation: 'elu' }, { w: w3, activation: 'linear' }]);
        return tf.add(tf.sum(tf.square(h2)), tf.sum(tf.abs(h3)));
      };
      const hash = createHash('sha256');
      for (const d of [...tf.grads(f)([x, ...ps.slice(0, 4)]), ...tf.grads(g)([x, ...ps])]) hash.update(new Uint8Array((await d.data()).buffer));
      console.log(numThreads() + ' ' + hash.digest('hex'));`;
    const [t1, h1] = runWithThreads(script, 1);
    const [t2, h2] = runWithThreads(script, 2);
    expect([t1, t2]).toEqual(['1', '2']);
    expect(h2).toBe(h1);
  });
});
