// What every data source becomes: a training and a test split of flat examples in [0, 1],
// with optional integer labels and, for images, their height and width.
import { DivergentInputError } from '../errors.js';
import type { NdArray } from './array.js';

export interface DataSplit {
  /** n × dim values in [0, 1], example after example (row-major). */
  images: Float32Array;
  /** One class label per example, or null when the data came without labels. */
  labels: Int32Array | null;
  /** Number of examples. */
  n: number;
}

export interface Dataset {
  /** 'mnist', 'fashion-mnist', or the path of the user's file. */
  name: string;
  /** Values per example (784 for MNIST). */
  dim: number;
  /** [height, width] when the examples are images (square data are taken as images). */
  imageShape: [number, number] | null;
  /** True when the values were 8-bit integers scaled by 1/255: bits/dim then uses uniform dequantisation. */
  eightBit: boolean;
  train: DataSplit;
  test: DataSplit;
  /** Names of the label values, where the source has them (Fashion-MNIST's article names). */
  labelNames?: string[];
}

/**
 * The values of an array as float32 in [0, 1]. 8-bit data — a uint8 file, or integers in
 * 0..255 stored in a wider type (a CSV of pixel values) — are divided by 255; other data must
 * already lie in [0, 1], since every decoder models values in that interval. `eightBit`
 * forces one reading (a test file must be scaled as its training file was).
 */
export function toUnitInterval(
  array: NdArray,
  file: string,
  eightBit?: boolean,
): { values: Float32Array; eightBit: boolean } {
  const src = array.data;
  const valid =
    eightBit === undefined
      ? 'values in [0, 1] or 8-bit integers 0..255'
      : eightBit
        ? '8-bit integers 0..255 like the training data'
        : 'values in [0, 1] like the training data';
  const fail = (i: number, hint = '') =>
    new DivergentInputError(file, `expected ${valid}, found ${src[i]} at flat index ${i}${hint}`);
  if (array.dtype === 'uint8' && eightBit !== false) return { values: scale(src, 1 / 255), eightBit: true };
  let allBytes = true;
  let max = -Infinity;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!(v >= 0 && v <= 255)) throw fail(i);
    if (!Number.isInteger(v)) {
      if (eightBit) throw fail(i);
      allBytes = false;
    }
    if (v > max) max = v;
  }
  const isEightBit = eightBit ?? (allBytes && max > 1);
  if (isEightBit) return { values: scale(src, 1 / 255), eightBit: true };
  if (max > 1) throw fail(src.findIndex((v) => v > 1), ': scale the data into [0, 1]');
  return { values: Float32Array.from(src), eightBit: false };
}

function scale(src: ArrayLike<number>, factor: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] * factor;
  return out;
}

/** Class labels as int32; each must be a non-negative integer. */
export function toLabels(array: NdArray, file: string): Int32Array {
  const src = array.data;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!Number.isInteger(v) || v < 0) {
      throw new DivergentInputError(file, `expected labels that are non-negative integers, found ${v} at index ${i}`);
    }
    out[i] = v;
  }
  return out;
}

/** [h, w] for image-shaped examples: given explicitly, or square when dim is a perfect square. */
export function inferImageShape(exampleShape: readonly number[]): [number, number] | null {
  if (exampleShape.length === 2) return [exampleShape[0], exampleShape[1]];
  if (exampleShape.length === 3 && exampleShape[2] === 1) return [exampleShape[0], exampleShape[1]];
  if (exampleShape.length === 1) {
    const side = Math.round(Math.sqrt(exampleShape[0]));
    if (side * side === exampleShape[0] && side > 1) return [side, side];
  }
  return null;
}

/** The examples of a split at the given indices, in that order; their values go into `images` when given. */
export function subset(
  split: DataSplit,
  dim: number,
  indices: ArrayLike<number>,
  images: Float32Array = new Float32Array(indices.length * dim),
): DataSplit {
  return { images: gatherRows(split.images, dim, indices, images), labels: subsetLabels(split, indices), n: indices.length };
}

/** Rows `indices` of `values` (rows of `dim` values), one after another in `out`. */
export function gatherRows(values: Float32Array, dim: number, indices: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let k = 0; k < indices.length; k++) out.set(values.subarray(indices[k] * dim, (indices[k] + 1) * dim), k * dim);
  return out;
}

/** The labels of examples `indices` (null for an unlabelled split). */
export function subsetLabels(split: DataSplit, indices: ArrayLike<number>): Int32Array | null {
  return split.labels ? Int32Array.from(indices, (i) => split.labels![i]) : null;
}
