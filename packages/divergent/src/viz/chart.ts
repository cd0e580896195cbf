// Charts are Vega-Lite specifications rendered without a browser or a canvas: Vega-Lite
// compiles to Vega, Vega's headless View renders SVG, and resvg rasterises the SVG to PNG.
// The SVG goes inline into reports; the PNG is for people who open files one by one.
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../train/atomic.js';

export type ChartSpec = TopLevelSpec;

/** A light, readable default look shared by every chart. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { gridColor: '#eee', labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
};

export async function chartSvg(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...spec.config } } as ChartSpec;
  const view = new View(parse(compile(withConfig).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
}

/** Renders a chart and writes it as PNG (atomically); returns the SVG for embedding. */
export async function writeChartPng(path: string, spec: ChartSpec): Promise<string> {
  const svg = await chartSvg(spec);
  writeFileAtomic(path, svgToPng(svg));
  return svg;
}
