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
