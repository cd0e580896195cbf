// The public pictures-and-reports API, re-exported from the package root.
export { createImage, decodePng, encodePng, writePng, type Rgb, type RgbaImage } from './raster.js';
export {
  imageGrid,
  pairsGrid,
  traversalGrid,
  traversalValues,
  writeImageGrid,
  type GridOptions,
  type ImageBatch,
} from './image-grid.js';
export { chartSvg, svgToPng, writeChartPng, CHART_CONFIG, type ChartSpec } from './chart.js';
export { curveCharts, curvesFigure, xField, type MetricsRow } from './curves.js';
export { scatterSpec, writeScatter, type ScatterOptions } from './scatter.js';
export { toyPanelsSvg, writeToyPanels, type ToyPanel, type ToyPanelsOptions } from './toy-panels.js';
export { writeReport, REPORT_FILE, CURVES_FILE } from './report.js';
