// Grids of grey-level images — samples, input/reconstruction pairs, latent traversals — the
// pictures a generative model is judged by. Values in [0, 1] map to grey levels 0..255
// (MNIST's convention: white ink on black); cells are separated by padding of a fixed grey.
import { DivergentInputError } from '../errors.js';
import { createImage, writePng, type Rgb, type RgbaImage } from './raster.js';

export interface GridOptions {
  /** Images per row (default: the smallest that makes the grid roughly square). */
  columns?: number;
  /** Pixels between and around cells (default 2). */
  padding?: number;
  /** Colour of the padding (default mid-grey, visible against black and white digits). */
  padColor?: Rgb;
  /** Pixels per image pixel (default 1; 2 or 3 makes 28×28 digits easier to see). */
  scale?: number;
}

export interface ImageBatch {
  /** n × height × width values in [0, 1] (out-of-range values are clipped). */
  values: Float32Array | number[];
  n: number;
  height: number;
  width: number;
}

const DEFAULT_PAD: Rgb = [128, 128, 128];

/** Lays a batch out as a grid, row by row; cell (r, c) starts at padding + c·(width·scale + padding). */
export function imageGrid(batch: ImageBatch, options: GridOptions = {}): RgbaImage {
  const { n, height, width, values } = batch;
  if (!(n >= 1 && height >= 1 && width >= 1) || values.length !== n * height * width) {
    throw new DivergentInputError(
      'images',
      `expected n × height × width = ${n} × ${height} × ${width} = ${n * height * width} values with each at least 1, found ${values.length} values`,
    );
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(n));
  const padding = options.padding ?? 2;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(columns) || columns < 1) throw new DivergentInputError('columns', `expected a positive integer, found ${columns}`);
  if (!Number.isInteger(scale) || scale < 1) throw new DivergentInputError('scale', `expected a positive integer, found ${scale}`);
  const rows = Math.ceil(n / columns);
  const cellW = width * scale;
  const cellH = height * scale;
  const image = createImage(padding + columns * (cellW + padding), padding + rows * (cellH + padding), options.padColor ?? DEFAULT_PAD);
  const out = image.data;
  for (let k = 0; k < n; k++) {
    const x0 = padding + (k % columns) * (cellW + padding);
    const y0 = padding + Math.floor(k / columns) * (cellH + padding);
    for (let y = 0; y < cellH; y++) {
      const srcRow = k * height * width + Math.floor(y / scale) * width;
      let o = ((y0 + y) * image.width + x0) * 4;
      for (let x = 0; x < cellW; x++, o += 4) {
        const v = values[srcRow + Math.floor(x / scale)];
        const g = Math.round(255 * Math.min(1, Math.max(0, v)));
        out[o] = g;
        out[o + 1] = g;
        out[o + 2] = g;
      }
    }
  }
  return image;
}

/**
 * Inputs and their reconstructions side by side: cells alternate input | reconstruction,
 * `pairsPerRow` pairs to a row (default: roughly square).
 */
export function pairsGrid(inputs: ImageBatch, outputs: ImageBatch, options: GridOptions & { pairsPerRow?: number } = {}): RgbaImage {
  if (inputs.n !== outputs.n || inputs.height !== outputs.height || inputs.width !== outputs.width) {
    throw new DivergentInputError(
      'reconstructions',
      `expected ${inputs.n} images of ${inputs.height}×${inputs.width} like the inputs, found ${outputs.n} of ${outputs.height}×${outputs.width}`,
    );
  }
  const { n, height, width } = inputs;
  const size = height * width;
  const values = new Float32Array(2 * n * size);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < size; i++) {
      values[2 * k * size + i] = inputs.values[k * size + i];
      values[(2 * k + 1) * size + i] = outputs.values[k * size + i];
    }
  }
  const pairsPerRow = options.pairsPerRow ?? Math.ceil(Math.sqrt(n / 2));
  return imageGrid({ values, n: 2 * n, height, width }, { ...options, columns: 2 * pairsPerRow });
}

/**
 * A latent traversal: row d shows the decoder's images as latent dimension d moves through
 * `steps` values (see traversalValues) with the others held fixed. The batch holds the
 * images row by row: rows × steps images.
 */
export function traversalGrid(batch: ImageBatch, steps: number, options: Omit<GridOptions, 'columns'> = {}): RgbaImage {
  if (!Number.isInteger(steps) || steps < 1 || batch.n % steps !== 0) {
    throw new DivergentInputError('steps', `expected a positive integer that divides the ${batch.n} images, found ${steps}`);
  }
  return imageGrid(batch, { ...options, columns: steps });
}

/** `steps` evenly spaced values from -range to range (inclusive): the latent values of a traversal. */
export function traversalValues(steps: number, range = 3): number[] {
  if (steps === 1) return [0];
  return Array.from({ length: steps }, (_, i) => -range + (2 * range * i) / (steps - 1));
}

/** Writes an image grid as PNG, atomically. */
export function writeImageGrid(path: string, batch: ImageBatch, options: GridOptions = {}): RgbaImage {
  const image = imageGrid(batch, options);
  writePng(path, image);
  return image;
}
