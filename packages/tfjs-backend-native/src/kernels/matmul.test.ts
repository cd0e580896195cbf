import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectSameAsCpu, randomInput, randomValues, runOn, type Input } from '../../test/oracle.js';
import { runWithThreads } from '../../test/with-threads.js';

function operand(batchDims: number[], rows: number, cols: number, transpose: boolean, seed: number): Input {
  return randomInput([...batchDims, transpose ? cols : rows, transpose ? rows : cols], seed);
}

describe('native BatchMatMul', () => {
  // Batch-dim pairs whose broadcasting the 'cpu' reference implements correctly.
  const batchPairs: [number[], number[]][] = [
    [[], []], [[4], [4]], [[4], []], [[], [4]], [[2, 3], [3]], [[2, 3], [1, 3]], [[1, 3], [2, 3]],
  ];
  const dims = [0, 1, 2, 5, 17, 64, 130];

  it('matches cpu on random shapes, transposes and broadcast batches', async () => {
    for (let t = 0; t < 24; t++) {
      const pick = (i: number) => dims[Math.floor(randomValues(1, 1000 * t + i, 0, dims.length)[0])];
      const [aDims, bDims] = batchPairs[t % batchPairs.length];
      const [m, n, k] = [pick(1), pick(2), pick(3)];
      const transposeA = t % 2 === 1;
      const transposeB = t % 4 >= 2;
      const a = operand(aDims, m, k, transposeA, 2 * t);
      const b = operand(bDims, k, n, transposeB, 2 * t + 1);
      await expectSameAsCpu([a, b], (x, y) => tf.matMul(x, y, transposeA, transposeB), 1e-5);
    }
  });

  it('matches cpu on products larger than one cache block', async () => {
    const a = randomInput([300, 600], 1);
    const b = randomInput([70, 600], 2);
    await expectSameAsCpu([a, b], (x, y) => tf.matMul(x, y, false, true), 1e-5);
    await expectSameAsCpu([randomInput([600, 300], 3), randomInput([600, 70], 4)], (x, y) => tf.matMul(x, y, true, false));
    // A minibatch's rows (B packed by the tasks, each its own columns), with a partial last
    // strip of columns and of rows, with B stored transposed and not.
    await expectSameAsCpu([randomInput([130, 600], 5), randomInput([600, 70], 6)], (x, y) => tf.matMul(x, y), 1e-5);
    await expectSameAsCpu([randomInput([130, 600], 7), randomInput([70, 600], 8)], (x, y) => tf.matMul(x, y, false, true), 1e-5);
    // ...with a bias and an activation, which such products apply row by row after the tasks.
    for (const activation of ['relu', 'sigmoid'] as const) {
      await expectSameAsCpu(
        [randomInput([130, 600], 9), randomInput([600, 70], 10), randomInput([70], 11)],
        (a, b, bias) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation }),
        1e-5,
      );
    }
  });

  it('broadcasts batch dimensions that are 1 on either side', async () => {
    const a = randomInput([2, 1, 3, 4], 5);
    const b = randomInput([1, 3, 4, 2], 6);
    const [out] = await runOn('native', [a, b], (x, y) => tf.matMul(x, y));
    expect(out.shape).toEqual([2, 3, 3, 2]);
    // out[i, j] = a[i, 0] @ b[0, j], computed entry by entry.
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        for (let r = 0; r < 3; r++) {
          for (let c = 0; c < 2; c++) {
            let sum = 0;
            for (let q = 0; q < 4; q++) sum += a.values[i * 12 + r * 4 + q] * b.values[j * 8 + q * 2 + c];
            expect(out.values[((i * 3 + j) * 3 + r) * 2 + c]).toBeCloseTo(sum, 5);
          }
        }
      }
    }
  });

  it('propagates NaN and Inf and keeps large magnitudes', async () => {
    const a = randomInput([5, 7], 7, -1e15, 1e15);
    a.values[3] = Number.NaN;
    a.values[7 * 2 + 1] = Number.POSITIVE_INFINITY;
    const b = randomInput([7, 9], 8, 0.5, 1e15);
    const [out] = await expectSameAsCpu([a, b], (x, y) => tf.matMul(x, y), 1e-5);
    expect(out.values.slice(0, 9).every(Number.isNaN)).toBe(true);
    expect(out.values.slice(18, 27).every((v) => v === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('reads float32 tensors whose values are held in Int32Array or Uint8Array', async () => {
    const a: Input = { shape: [3, 4], values: Int32Array.from([1, -2, 3, 4, 5, 6, -7, 8, 9, 10, 11, 12]), dtype: 'int32' };
    const b = randomInput([4, 2], 9);
    await expectSameAsCpu([a, b], (x, y) => tf.matMul(tf.cast(x, 'float32'), y));
    await expectSameAsCpu([a, b], (x, y) => tf.matMul(tf.cast(tf.greater(x, 2), 'float32'), y));
  });

  it('leaves int32 products to the reference kernel', async () => {
    const a: Input = { shape: [2, 2], values: Int32Array.from([1, 2, 3, 4]), dtype: 'int32' };
    const [out] = await runOn('native', [a, a], (x, y) => tf.matMul(x, y));
    expect(Array.from(out.values)).toEqual([7, 10, 15, 22]);
  });
});

describe('native _FusedMatMul', () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const;

  it('applies bias and every activation like cpu', async () => {
    for (const [i, activation] of activations.entries()) {
      for (const biasShape of [[9], [1, 9], [], [6, 9]]) {
        const inputs = [randomInput([6, 11], i, -3, 3), randomInput([9, 11], i + 10, -3, 3), randomInput(biasShape, i + 20, -8, 8), randomInput([9], i + 30)];
        await expectSameAsCpu(inputs, (a, b, bias, alpha) =>
          tf.fused.matMul({ a, b, transposeB: true, bias, activation, preluActivationWeights: alpha, leakyreluAlpha: 0.3 }),
        );
      }
    }
  });

  it('applies the epilogue to every batch of a broadcast product', async () => {
    const inputs = [randomInput([3, 5, 8], 1), randomInput([8, 6], 2), randomInput([6], 3)];
    await expectSameAsCpu(inputs, (a, b, bias) => tf.fused.matMul({ a, b, bias, activation: 'relu' }));
    await expectSameAsCpu(inputs, (a, b, bias) => tf.fused.matMul({ a, b: tf.transpose(a, [0, 2, 1]), transposeA: false, bias: tf.slice(bias, 0, 5), activation: 'elu' }));
  });

  it('differentiates like cpu through tf.grad', async () => {
    const inputs = [randomInput([7, 5], 4), randomInput([5, 3], 5), randomInput([3], 6), randomInput([7, 3], 7)];
    for (const activation of ['relu', 'sigmoid', 'linear', 'elu'] as const) {
      await expectSameAsCpu(inputs, (a, b, bias, w) =>
        tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.sum(tf.mul(tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, bias: z, activation }), w)),
        )([a, b, bias]),
      );
    }
  });
});

describe('native matmul threading', () => {
  it('gives bit-identical results with 1, 2 and 3 threads', () => {
    // Large and small-M shapes (the work is then split over rows and columns), every
    // transposition, K over several blocks.
    const script = `
      import * as tf from '@tensorflow/tfjs';
      import { createHash } from 'node:crypto';
      const { numThreads } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
      await tf.setBackend('native');
      const hash = createHash('sha256');
      const cases = [[257, 900, 333, false, false], [100, 784, 200, false, true], [128, 784, 400, true, false],
        [7, 600, 1000, true, true], [1000, 130, 9, false, false]];
      for (const [m, k, n, ta, tb] of cases) {
        const a = tf.randomUniform(ta ? [k, m] : [m, k], -1, 1, 'float32', 1);
        const b = tf.randomUniform(tb ? [n, k] : [k, n], -1, 1, 'float32', 2);
        const y = tf.matMul(a, b, ta, tb);
        hash.update(new Uint8Array((await y.data()).buffer));
        const bias = tf.randomUniform([n], -1, 1, 'float32', 3);
        const z = tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation: 'sigmoid' });
        hash.update(new Uint8Array((await z.data()).buffer));
      }
      console.log(numThreads() + ' ' + hash.digest('hex'));`;
    const [t1, h1] = runWithThreads(script, 1);
    const [t2, h2] = runWithThreads(script, 2);
    const [t3, h3] = runWithThreads(script, 3);
    expect([t1, t2, t3]).toEqual(['1', '2', '3']);
    expect(h2).toBe(h1);
    expect(h3).toBe(h1);
  });

  it('loads in worker threads and gives the same products there, run concurrently', async () => {
    const code = `
      const { parentPort } = require('node:worker_threads');
      const { createHash } = require('node:crypto');
      import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)}).then(async () => {
        const tf = await import('@tensorflow/tfjs');
        await tf.setBackend('native');
        const a = tf.randomUniform([300, 500], -1, 1, 'float32', 3);
        const b = tf.randomUniform([500, 200], -1, 1, 'float32', 4);
        let hash = '';
        for (let i = 0; i < 5; i++) {
          const y = tf.matMul(a, b);
          hash = createHash('sha256').update(new Uint8Array((await y.data()).buffer)).digest('hex');
          y.dispose();
        }
        parentPort.postMessage(hash);
      });`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const w = new Worker(code, { eval: true });
        w.once('message', (h: string) => {
          resolve(h);
          void w.terminate();
        });
        w.once('error', reject);
      });
    const hashes = await Promise.all([run(), run(), run()]);
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
  });
});
