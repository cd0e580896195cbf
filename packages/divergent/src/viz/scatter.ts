// A 2-D scatter of points coloured by label: the test set's posterior means when the latent
// space is two-dimensional (latent-2d.png), where the digits should form separate clusters.
import { DivergentInputError } from '../errors.js';
import { writeChartPng, type ChartSpec } from './chart.js';

export interface ScatterOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Names for the label values (e.g. Fashion-MNIST's articles); default the numbers themselves. */
  labelNames?: string[];
  /** Plot side in pixels (default 420). */
  size?: number;
}

/** `points` holds n (x, y) pairs; `labels` one class per point, or null for a single colour. */
export function scatterSpec(points: Float32Array | number[], labels: Int32Array | number[] | null, options: ScatterOptions = {}): ChartSpec {
  if (points.length % 2 !== 0) {
    throw new DivergentInputError('points', `expected (x, y) pairs, found an odd number of values (${points.length})`);
  }
  const n = points.length / 2;
  if (labels && labels.length !== n) {
    throw new DivergentInputError('labels', `expected ${n} labels, one per point, found ${labels.length}`);
  }
  const name = (l: number) => options.labelNames?.[l] ?? String(l);
  const values = Array.from({ length: n }, (_, i) => ({
    x: points[2 * i],
    y: points[2 * i + 1],
    ...(labels ? { label: name(labels[i]) } : {}),
  }));
  const order = labels ? [...new Set(Array.from(labels))].sort((a, b) => a - b).map(name) : [];
  return {
    title: options.title ?? 'Test set in the latent space',
    width: options.size ?? 420,
    height: options.size ?? 420,
    data: { values },
    mark: { type: 'circle', size: 10, opacity: 0.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'z₁' },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'z₂' },
      ...(labels ? { color: { field: 'label', type: 'nominal', title: 'label', sort: order, scale: { scheme: 'tableau10' } } } : {}),
    },
  } as ChartSpec;
}

/** Writes the scatter as PNG (atomically) and returns its SVG. */
export async function writeScatter(
  path: string,
  points: Float32Array | number[],
  labels: Int32Array | number[] | null,
  options: ScatterOptions = {},
): Promise<string> {
  return writeChartPng(path, scatterSpec(points, labels, options));
}
