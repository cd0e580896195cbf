import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DivergentInputError } from '../errors.js';
import { loadLayersModel, saveLayersModel } from './fs-io.js';

beforeAll(async () => {
  await initBackend();
});

function tinyModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 3, inputShape: [2], activation: 'tanh' }));
  m.add(tf.layers.dense({ units: 1 }));
  return m;
}

describe('fileSystemIO', () => {
  it('round-trips a LayersModel: the loaded model gives the same outputs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'div-io-')), 'm');
    const model = tinyModel();
    await saveLayersModel(model, dir);
    const loaded = await loadLayersModel(dir);
    const x = tf.tensor2d([[0.5, -1], [2, 3]]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('writes the folder layout tf.loadLayersModel reads over HTTP (as a browser does)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'div-io-')), 'm');
    const model = tinyModel();
    await saveLayersModel(model, dir);
    // A browser fetches model.json, then the weight paths relative to it.
    const fetchFunc = async (url: RequestInfo | URL) => {
      const file = join(dir, new URL(String(url)).pathname.slice(1));
      return new Response(readFileSync(file));
    };
    const loaded = await tf.loadLayersModel(tf.io.http('http://host/model.json', { fetchFunc: fetchFunc as typeof fetch }));
    const w0 = model.getWeights()[0].dataSync();
    expect(Array.from(loaded.getWeights()[0].dataSync())).toEqual(Array.from(w0));
    model.dispose();
    loaded.dispose();
  });

  it('refuses weight paths that leave the folder: parent, absolute, or a symlink out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'div-io-'));
    const dir = join(root, 'm');
    const model = tinyModel();
    await saveLayersModel(model, dir);
    model.dispose();
    writeFileSync(join(root, 'secret.bin'), new Uint8Array(100));
    symlinkSync(join(root, 'secret.bin'), join(dir, 'link.bin'));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    for (const bad of ['../secret.bin', join(root, 'secret.bin'), 'link.bin']) {
      json.weightsManifest[0].paths = [bad];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      const err = await loadLayersModel(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DivergentInputError);
      expect((err as Error).message).toMatch(/outside the folder|not a plain relative path/);
    }
  });

  it('names the file when model.json is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'div-io-'));
    await expect(loadLayersModel(dir)).rejects.toThrow(/model\.json: no such file/);
  });
});
