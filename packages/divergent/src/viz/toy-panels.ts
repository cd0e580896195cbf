// GAN training on 2-D toy targets, seen unfold: one panel per logged step, the generated
// points drawn over a heat map of the true density, panels in order of steps. Drawn as SVG
// by hand (a raster heat map under point marks) and rasterised by resvg.
import { DivergentInputError } from '../errors.js';
import { writeFileAtomic } from '../train/atomic.js';
import { svgToPng } from './chart.js';
import { escapeMarkup as escapeXml } from './escape.js';
import { createImage, encodePng } from './raster.js';

export interface ToyPanel {
  /** Generator step at which the points were drawn. */
  step: number;
  /** n (x, y) pairs. */
  points: Float32Array | number[];
}

export interface ToyPanelsOptions {
  /** The true density p(x, y), drawn as a heat map under the points. */
  density?: (x: number, y: number) => number;
  /** [xMin, xMax, yMin, yMax] shown by every panel (default: the points' bounding box plus 10%). */
  extent?: [number, number, number, number];
  /** Panels per row (default up to 5). */
  columns?: number;
  /** Side of each panel in pixels (default 220). */
  panelSize?: number;
  title?: string;
}

const POINT_COLOR = '#d9480f';
const HEAT = [33, 102, 172]; // blue, the heat map's colour at the highest density
const TITLE_H = 22;
const GAP = 12;

export function toyPanelsSvg(panels: ToyPanel[], options: ToyPanelsOptions = {}): string {
  if (panels.length === 0) throw new DivergentInputError('panels', 'expected at least one panel, found none');
  for (const p of panels) {
    if (p.points.length % 2 !== 0) {
      throw new DivergentInputError('panels', `step ${p.step}: expected (x, y) pairs, found an odd number of values (${p.points.length})`);
    }
  }
  const size = options.panelSize ?? 220;
  const columns = options.columns ?? Math.min(panels.length, 5);
  const rows = Math.ceil(panels.length / columns);
  const [x0, x1, y0, y1] = options.extent ?? boundingBox(panels);
  const header = options.title ? 28 : 0;
  const width = GAP + columns * (size + GAP);
  const height = header + rows * (TITLE_H + size + GAP) + 18;
  const heat = options.density ? heatMapUri(options.density, [x0, x1, y0, y1], size) : null;
  const px = (x: number) => (((x - x0) / (x1 - x0)) * size).toFixed(1);
  const py = (y: number) => ((1 - (y - y0) / (y1 - y0)) * size).toFixed(1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title) parts.push(`<text x="${GAP}" y="20" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  panels.forEach((panel, k) => {
    const left = GAP + (k % columns) * (size + GAP);
    const top = header + Math.floor(k / columns) * (TITLE_H + size + GAP);
    const n = panel.points.length / 2;
    parts.push(`<text x="${left}" y="${top + 15}" font-size="12">step ${panel.step} · ${n} points</text>`);
    parts.push(`<g transform="translate(${left},${top + TITLE_H})">`);
    parts.push(`<clipPath id="clip${k}"><rect width="${size}" height="${size}"/></clipPath>`);
    if (heat) parts.push(`<image width="${size}" height="${size}" xlink:href="${heat}" preserveAspectRatio="none"/>`);
    parts.push(`<g clip-path="url(#clip${k})" fill="${POINT_COLOR}" fill-opacity="0.5">`);
    for (let i = 0; i < n; i++) parts.push(`<circle cx="${px(panel.points[2 * i])}" cy="${py(panel.points[2 * i + 1])}" r="1.3"/>`);
    parts.push('</g>');
    parts.push(`<rect width="${size}" height="${size}" fill="none" stroke="#999"/>`);
    parts.push('</g>');
  });
  const fmt = (v: number) => Number(v.toPrecision(3));
  parts.push(
    `<text x="${GAP}" y="${height - 5}" font-size="11" fill="#555">x ∈ [${fmt(x0)}, ${fmt(x1)}], y ∈ [${fmt(y0)}, ${fmt(y1)}]${heat ? '; blue: true density' : ''}; orange: generated samples</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the panels as PNG (atomically) and returns the SVG. */
export function writeToyPanels(path: string, panels: ToyPanel[], options: ToyPanelsOptions = {}): string {
  const svg = toyPanelsSvg(panels, options);
  writeFileAtomic(path, svgToPng(svg));
  return svg;
}

function boundingBox(panels: ToyPanel[]): [number, number, number, number] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { points } of panels) {
    for (let i = 0; i < points.length; i += 2) {
      if (!Number.isFinite(points[i]) || !Number.isFinite(points[i + 1])) continue;
      x0 = Math.min(x0, points[i]);
      x1 = Math.max(x1, points[i]);
      y0 = Math.min(y0, points[i + 1]);
      y1 = Math.max(y1, points[i + 1]);
    }
  }
  if (!Number.isFinite(x0)) return [-1, 1, -1, 1];
  const mx = Math.max((x1 - x0) * 0.1, 1e-3);
  const my = Math.max((y1 - y0) * 0.1, 1e-3);
  return [x0 - mx, x1 + mx, y0 - my, y1 + my];
}

/**
 * The density on a size × size grid of pixel centres as a PNG data URI: white at zero, blue at
 * the maximum, on a square-root scale so that narrow modes stay visible beside broad ones.
 */
function heatMapUri(density: (x: number, y: number) => number, [x0, x1, y0, y1]: number[], size: number): string {
  const values = new Float64Array(size * size);
  let max = 0;
  for (let r = 0; r < size; r++) {
    const y = y1 - ((r + 0.5) / size) * (y1 - y0);
    for (let c = 0; c < size; c++) {
      const v = density(x0 + ((c + 0.5) / size) * (x1 - x0), y);
      values[r * size + c] = Number.isFinite(v) && v > 0 ? v : 0;
      if (values[r * size + c] > max) max = values[r * size + c];
    }
  }
  const image = createImage(size, size);
  for (let i = 0; i < values.length; i++) {
    const t = max > 0 ? Math.sqrt(values[i] / max) : 0;
    for (let ch = 0; ch < 3; ch++) image.data[4 * i + ch] = Math.round(255 + t * (HEAT[ch] - 255));
  }
  return `data:image/png;base64,${encodePng(image).toString('base64')}`;
}
