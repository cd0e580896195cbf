import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Rng } from '../random.js';
import { readCheckpointState } from './checkpoint.js';
import { TrainingDivergedError } from './guard.js';
import { fit, type TrainTask } from './loop.js';
import { readMetrics } from './metrics-log.js';

beforeAll(async () => {
  await initBackend();
});

/** Least squares for y = 2x + 1 on 40 points in shuffled batches of 8, with Adam. */
function regressionTask(seed: number, poisonAtStep = Infinity): TrainTask & { dispose(): void } {
  const xs = Float32Array.from({ length: 40 }, (_, i) => i / 20 - 1);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
  const optimizer = tf.train.adam(0.05);
  let rng = new Rng(seed);
  let order: Int32Array = new Int32Array(0);
  let batch = 0;
  return {
    stepsPerEpoch: 5,
    models: { model },
    optimizers: { optimizer },
    startEpoch() {
      order = rng.permutation(40);
      batch = 0;
    },
    step(step) {
      const idx = order.subarray(batch * 8, batch * 8 + 8);
      batch++;
      const x = tf.tensor2d(Array.from(idx, (i) => xs[i]), [8, 1]);
      const y = tf.tidy(() => x.mul(2).add(1));
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
      const value = step >= poisonAtStep ? NaN : loss.dataSync()[0];
      tf.dispose([x, y, loss]);
      return { loss: value };
    },
    state: () => ({ rng: rng.state() }),
    restoreState(state) {
      rng = Rng.fromState(state.rng as [number, number, number, number]);
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}

const silent = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;

describe('fit', () => {
  it('lowers the loss and logs one metrics line per epoch', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'div-fit-'));
    const task = regressionTask(1);
    const before = tf.memory().numTensors;
    const r = await fit(task, { runDir, epochs: 6, stream: silent });
    // Only Adam's slots stay: two moments for each of the two weights (kernel, bias).
    expect(tf.memory().numTensors).toBe(before + 4);
    const lines = readMetrics(runDir);
    expect(lines.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[5].loss).toBeLessThan(lines[0].loss as number);
    expect(r.steps).toBe(30);
    expect(readCheckpointState(join(runDir, 'checkpoint'))).toMatchObject({ epoch: 6, step: 30 });
    task.dispose();
  });

  it('resumed from a checkpoint, ends with exactly the weights of an uninterrupted run', async () => {
    const straightDir = mkdtempSync(join(tmpdir(), 'div-fit-'));
    const a = regressionTask(7);
    await fit(a, { runDir: straightDir, epochs: 4, stream: silent });

    const splitDir = mkdtempSync(join(tmpdir(), 'div-fit-'));
    const b1 = regressionTask(7);
    await fit(b1, { runDir: splitDir, epochs: 2, stream: silent });
    b1.dispose();
    const b2 = regressionTask(99); // a different seed: the resumed RNG state must win
    const r = await fit(b2, { runDir: splitDir, epochs: 4, resume: true, stream: silent });
    expect(r.epochsRun).toBe(2);
    const wa = a.models.model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b2.models.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wb).toEqual(wa);
    expect(readMetrics(splitDir).map((l) => l.loss)).toEqual(readMetrics(straightDir).map((l) => l.loss));
    a.dispose();
    b2.dispose();
  });

  it('refuses to overwrite a finished run without --resume', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'div-fit-'));
    const t = regressionTask(1);
    await fit(t, { runDir, epochs: 1, stream: silent });
    await expect(fit(t, { runDir, epochs: 1, stream: silent })).rejects.toThrow(/pass --resume/);
    t.dispose();
  });

  it('stops at a NaN with a message naming the step, keeping the last good checkpoint', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'div-fit-'));
    const t = regressionTask(1, 13); // step 13 is batch 3 of epoch 3
    const err = await fit(t, { runDir, epochs: 5, stream: silent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect((err as Error).message).toContain('loss became NaN at epoch 3, batch 3 of 5 (step 13)');
    expect((err as Error).message).toContain('last good checkpoint (epoch 2)');
    expect(readCheckpointState(join(runDir, 'checkpoint')).epoch).toBe(2);
    expect(existsSync(join(runDir, 'checkpoint.old'))).toBe(false);
    t.dispose();
  });
});
