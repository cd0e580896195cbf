import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageGrid, pairsGrid, traversalGrid, traversalValues, writeImageGrid } from './image-grid.js';
import { decodePng, writePng, type RgbaImage } from './raster.js';

const dir = mkdtempSync(join(tmpdir(), 'divergent-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grey = (img: RgbaImage, x: number, y: number) => img.data[(y * img.width + x) * 4];

/** n images of h×w where image k is filled with k/(n-1) except its top-left pixel, which is 1. */
function batch(n: number, h: number, w: number) {
  const values = new Float32Array(n * h * w);
  for (let k = 0; k < n; k++) {
    values.fill(k / (n - 1), k * h * w, (k + 1) * h * w);
    values[k * h * w] = 1;
  }
  return { values, n, height: h, width: w };
}

describe('imageGrid', () => {
  it('places image k at (pad + col·(w + pad), pad + row·(h + pad)) with grey 255·value, and pads in grey', () => {
    const file = join(dir, 'grid.png');
    writeImageGrid(file, batch(5, 3, 4), { columns: 3, padding: 2 });
    const img = decodePng(readFileSync(file));
    // 3 columns of 4 px, 2 rows of 3 px, 2 px padding: 2 + 3·6 = 20 wide, 2 + 2·5 = 12 high.
    expect([img.width, img.height]).toEqual([20, 12]);
    // Image 4 (row 1, column 1) starts at x = 2 + 6 = 8, y = 2 + 5 = 7: top-left 255, others 255·4/4.
    expect(grey(img, 8, 7)).toBe(255);
    expect(grey(img, 9, 7)).toBe(255);
    // Image 1 (row 0, column 1) is 0.25 -> 64; image 0 is 0 -> black; padding is 128.
    expect(grey(img, 9, 3)).toBe(64);
    expect(grey(img, 3, 3)).toBe(0);
    expect(grey(img, 0, 0)).toBe(128);
    expect(grey(img, 7, 3)).toBe(128);
    // The unused sixth cell (row 1, column 2) stays padding colour.
    expect(grey(img, 15, 8)).toBe(128);
    expect(img.data[3]).toBe(255); // opaque
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('scales pixels up and clips values outside [0, 1]', () => {
    const img = imageGrid({ values: [-1, 2], n: 1, height: 1, width: 2 }, { padding: 0, scale: 3 });
    expect([img.width, img.height]).toEqual([6, 3]);
    expect([grey(img, 2, 2), grey(img, 3, 0)]).toEqual([0, 255]);
  });

  it('interleaves inputs and reconstructions in pairs, and lays traversals out one latent per row', () => {
    const inputs = { values: [0, 0], n: 2, height: 1, width: 1 };
    const outputs = { values: [1, 1], n: 2, height: 1, width: 1 };
    const pairs = pairsGrid(inputs, outputs, { pairsPerRow: 2, padding: 1 });
    expect([pairs.width, pairs.height]).toEqual([9, 3]);
    expect([1, 3, 5, 7].map((x) => grey(pairs, x, 1))).toEqual([0, 255, 0, 255]);
    const trav = traversalGrid(batch(6, 2, 2), 3, { padding: 0 });
    expect([trav.width, trav.height]).toEqual([6, 4]);
    expect(grey(trav, 3, 3)).toBe(Math.round(255 * 0.8)); // image 4: row 1, column 1
    expect(traversalValues(5, 2)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('refuses a batch whose size does not match n × h × w, and a traversal that does not divide it', () => {
    expect(() => imageGrid({ values: new Float32Array(10), n: 2, height: 2, width: 2 })).toThrow(
      'images: expected n × height × width = 2 × 2 × 2 = 8 values with each at least 1, found 10 values',
    );
    expect(() => traversalGrid(batch(6, 2, 2), 4)).toThrow('steps: expected a positive integer that divides the 6 images, found 4');
  });

  it('writes over an existing file atomically, leaving no temporary file', () => {
    const file = join(dir, 'again.png');
    writePng(file, imageGrid({ values: [1], n: 1, height: 1, width: 1 }, { padding: 0 }));
    writePng(file, imageGrid({ values: [0], n: 1, height: 1, width: 1 }, { padding: 0 }));
    expect(grey(decodePng(readFileSync(file)), 0, 0)).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
