// The pictures of a trained VAE, written into its run folder:
//   samples.png           decoder means of 64 draws from the prior
//   reconstructions.png   test inputs beside the decoder mean at their posterior mean
//   latent-traversal.png  one row per latent dimension (the 10 with the largest KL): that
//                         dimension swept over -3..3 with the others at a test image's posterior mean
//   latent-2d.png         the test set's posterior means coloured by label, when the latent is 2-D
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Vae } from '../models/vae.js';
import { pairsGrid, traversalGrid, traversalValues, writeImageGrid } from '../viz/image-grid.js';
import { writePng } from '../viz/raster.js';
import { CURVES_FILE, writeReport } from '../viz/report.js';
import { writeScatter } from '../viz/scatter.js';
import { evaluateElbo } from './elbo.js';
import type { TestData } from './vae-test-data.js';

export interface PictureOptions {
  /** [height, width] of an example; without it there is nothing to draw but the latent scatter. */
  imageShape: [number, number] | null;
  seed?: number;
  /** Mean KL of each latent dimension (orders the traversal rows). */
  klPerDim?: number[];
  labelNames?: string[];
  /** Test points in the latent scatter (default 5000). */
  scatterPoints?: number;
}

const SCALE = 2;

/** The decoder's mean images for latents z [N, Z]. */
function decodeImages(vae: Vae, z: tf.Tensor): Float32Array {
  return tf.tidy(() => vae.decodeMean(z).dataSync() as Float32Array);
}

export function writeSamples(vae: Vae, file: string, imageShape: [number, number], n = 64, seed = 0): void {
  const values = tf.tidy(() => decodeImages(vae, tf.randomNormal([n, vae.latentDim], 0, 1, 'float32', seed)));
  writeImageGrid(file, { values, n, height: imageShape[0], width: imageShape[1] }, { scale: SCALE, columns: 8 });
}

function encodeMeans(vae: Vae, data: TestData, n: number): Float32Array {
  return tf.tidy(() => vae.encode(tf.tensor2d(data.x.subarray(0, n * data.dim), [n, data.dim])).mu.dataSync() as Float32Array);
}

export function writeReconstructions(vae: Vae, data: TestData, file: string, imageShape: [number, number], n = 32): void {
  n = Math.min(n, data.n);
  const mu = encodeMeans(vae, data, n);
  const out = tf.tidy(() => decodeImages(vae, tf.tensor2d(mu, [n, vae.latentDim])));
  const [height, width] = imageShape;
  const image = pairsGrid({ values: data.x.subarray(0, n * data.dim), n, height, width }, { values: out, n, height, width }, { scale: SCALE, pairsPerRow: 4 });
  writePng(file, image);
}

export function writeTraversal(vae: Vae, data: TestData, file: string, imageShape: [number, number], klPerDim?: number[], steps = 9): void {
  const Z = vae.latentDim;
  const dims = Array.from({ length: Z }, (_, j) => j)
    .sort((a, b) => (klPerDim ? klPerDim[b] - klPerDim[a] : a - b))
    .slice(0, Math.min(10, Z));
  const base = encodeMeans(vae, data, 1);
  const values = traversalValues(steps);
  const z = new Float32Array(dims.length * steps * Z);
  dims.forEach((d, r) => {
    values.forEach((v, c) => {
      const row = (r * steps + c) * Z;
      z.set(base, row);
      z[row + d] = v;
    });
  });
  const n = dims.length * steps;
  const images = tf.tidy(() => decodeImages(vae, tf.tensor2d(z, [n, Z])));
  writePng(file, traversalGrid({ values: images, n, height: imageShape[0], width: imageShape[1] }, steps, { scale: SCALE }));
}

/** Writes every picture that applies; returns the paths written. */
export async function writeVaePictures(vae: Vae, data: TestData, runDir: string, options: PictureOptions): Promise<string[]> {
  const files: string[] = [];
  const shape = options.imageShape;
  if (shape) {
    const f = (name: string) => {
      const p = join(runDir, name);
      files.push(p);
      return p;
    };
    writeSamples(vae, f('samples.png'), shape, 64, options.seed ?? 0);
    writeReconstructions(vae, data, f('reconstructions.png'), shape);
    writeTraversal(vae, data, f('latent-traversal.png'), shape, options.klPerDim);
  }
  if (vae.latentDim === 2) {
    const n = Math.min(data.n, options.scatterPoints ?? 5000);
    const file = join(runDir, 'latent-2d.png');
    await writeScatter(file, encodeMeans(vae, data, n), data.labels ? data.labels.subarray(0, n) : null, { labelNames: options.labelNames });
    files.push(file);
  }
  return files;
}

/**
 * The pictures of a finished run (the KL per dimension, which orders the traversal, taken
 * from the test set), then its HTML report. Returns the files written.
 */
export async function writeVaeArtifacts(
  vae: Vae,
  data: TestData,
  runDir: string,
  dataset: { imageShape: [number, number] | null; labelNames?: string[] },
  seed = 0,
): Promise<string[]> {
  const { klPerDim } = evaluateElbo(vae, data, { seed });
  const pictures = await writeVaePictures(vae, data, runDir, { imageShape: dataset.imageShape, klPerDim, labelNames: dataset.labelNames, seed });
  return [...pictures, join(runDir, CURVES_FILE), await writeReport(runDir)];
}
