// A TensorFlow.js IO handler for a folder on disk: `model.json` plus one `weights.bin`, the
// layout tf.loadLayersModel reads over HTTP, so a saved folder can be served to a browser
// as it is. Plain tfjs (without tfjs-node) has no file:// handler in Node; this is ours.
//
// Loading trusts nothing in model.json: every weight path must name a file inside the
// folder (no absolute paths, no '..', no symlink leading out), so loading a folder
// someone sent you never reads anything else on your disk.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** The bytes of a weight buffer (tfjs may hand several shards). */
function weightBytes(data: tf.io.WeightData): Uint8Array {
  const buffer = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  return new Uint8Array(buffer);
}

/** Resolves a weight path from a model.json, refusing any that leaves the folder. */
export function confinedPath(dir: string, path: string): string {
  const fail = (why: string) =>
    new DivergentInputError(join(dir, MODEL_JSON), `weight path ${JSON.stringify(path)} ${why}; only files inside the model folder are read`);
  if (path === '' || isAbsolute(path) || path.includes('\\') || path.includes('\0')) throw fail('is not a plain relative path');
  const root = realpathSync(dir);
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw fail('points outside the folder');
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new DivergentInputError(join(dir, MODEL_JSON), `weight file ${JSON.stringify(path)} is missing`);
  }
  if (!real.startsWith(root + sep)) throw fail('is a link leading outside the folder');
  return real;
}

/** An IOHandler that saves to and loads from the folder `dir`. */
export function fileSystemIO(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSystemIO saves LayersModels (JSON topology), not binary graphs');
      }
      mkdirSync(dir, { recursive: true });
      const weights = weightBytes(artifacts.weightData ?? new ArrayBuffer(0));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      // Weights first: a model.json never names a weights file that is not complete.
      writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
      writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const file = join(dir, MODEL_JSON);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(file, 'utf8')) as tf.io.ModelJSON;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new DivergentInputError(file, code === 'ENOENT' ? 'no such file' : `is not a readable model.json (${(err as Error).message})`);
      }
      if (modelJson.modelTopology == null) throw new DivergentInputError(file, 'has no modelTopology: not a saved LayersModel');
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const bytes = readFileSync(confinedPath(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
          specs.push(...group.weights);
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Saves a LayersModel into `dir` (model.json + weights.bin). */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(fileSystemIO(dir));
}

/** Loads a LayersModel saved by saveLayersModel (or any tfjs model folder with relative weight paths). */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemIO(dir));
}
