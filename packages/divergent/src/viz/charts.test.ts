import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartSvg, writeChartPng } from './chart.js';
import { curveCharts, curvesFigure } from './curves.js';
import { decodePng } from './raster.js';
import { scatterSpec } from './scatter.js';
import { toyPanelsSvg, writeToyPanels } from './toy-panels.js';

const dir = mkdtempSync(join(tmpdir(), 'divergent-charts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Vega labels each point mark for screen readers: "<x title>: <x>; <y title>: <y>; series: <name>".
const pointLabels = (svg: string, series: string) =>
  svg.match(new RegExp(`aria-label="[^"]*series: ${series}" role="graphics-symbol" aria-roledescription="point"`, 'g')) ?? [];

const vaeRows = [1, 2, 3].map((epoch) => ({ epoch, seconds: 9.5, loss: 150 - 10 * epoch, elbo: -150 + 10 * epoch, kl: 20 + epoch, test_elbo: -152 + 10 * epoch }));

describe('curve charts', () => {
  it('groups VAE fields into titled charts with one point per epoch and series', async () => {
    const charts = curveCharts(vaeRows);
    expect(charts.map((c) => c.name)).toEqual(['elbo', 'loss', 'kl', 'seconds']);
    const svg = await chartSvg(charts[0].spec);
    expect(svg).toContain("Title text 'ELBO per example (higher is better)'");
    expect(svg).toContain("X-axis titled 'epoch'");
    expect(svg).toContain("Y-axis titled 'nats'");
    expect(pointLabels(svg, 'elbo')).toHaveLength(3);
    expect(pointLabels(svg, 'test_elbo')).toHaveLength(3);
    // The value of epoch 2's test ELBO (-132) appears as its mark's label (Vega writes a true minus sign).
    expect(svg).toContain('aria-label="epoch: 2; nats: −132; series: test_elbo" role="graphics-symbol" aria-roledescription="point"');
  });

  it('uses steps for GAN logs, and gives unknown numeric fields a chart of their own', () => {
    const rows = [10, 20].map((step) => ({ step, d_loss: 1.3, g_loss: 0.7, divergence_estimate: -0.5, d_real: 0.6, d_fake: 0.4, modes_covered: 8, hq_fraction: 0.9, lr: 1e-3, note: 'x' }));
    const charts = curveCharts(rows);
    expect(charts.map((c) => c.name)).toEqual(['gan-losses', 'divergence', 'd-outputs', 'modes', 'hq', 'lr']);
    expect(JSON.stringify(charts[0].spec)).toContain('"title":"step"');
  });

  it('writes the whole figure as a PNG of the size of its SVG, leaving no temporary file', async () => {
    const file = join(dir, 'curves.png');
    const svg = await writeChartPng(file, curvesFigure(vaeRows));
    const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = decodePng(readFileSync(file));
    expect([png.width, png.height]).toEqual([w, h]);
    expect(w).toBeGreaterThan(2 * 360); // two charts of width 360 side by side
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('scatter', () => {
  it('draws one mark per point, coloured by label name', async () => {
    const svg = await chartSvg(scatterSpec([0, 0, 1, 1, 2, 0.5], [3, 7, 3], { labelNames: ['a', 'b', 'c', 'three', 'e', 'f', 'g', 'seven'] }));
    expect(svg.match(/aria-label="z₁: [^"]*; label: three"/g)).toHaveLength(2);
    expect(svg.match(/aria-label="z₁: [^"]*; label: seven"/g)).toHaveLength(1);
    expect(() => scatterSpec([0, 0, 1], null)).toThrow('points: expected (x, y) pairs, found an odd number of values (3)');
    expect(() => scatterSpec([0, 0], [1, 2])).toThrow('labels: expected 1 labels, one per point, found 2');
  });
});

describe('toy panels', () => {
  it('puts each point and the density at their places in a panel grid', () => {
    const file = join(dir, 'toy.png');
    // One mode at (1, 1); extent [0, 2]²; panels 100 px: (1, 1) is the panel centre.
    const density = (x: number, y: number) => Math.exp(-((x - 1) ** 2 + (y - 1) ** 2) / (2 * 0.1 ** 2));
    const svg = writeToyPanels(file, [{ step: 0, points: [0.5, 1.5] }, { step: 100, points: [1.5, 0.5, 1.5, 0.5] }], {
      density,
      extent: [0, 2, 0, 2],
      panelSize: 100,
    });
    expect(svg).toContain('step 100 · 2 points');
    const png = decodePng(readFileSync(file));
    // Two panels of 100 px with 12 px gaps: 12 + 2·112 = 236 wide; 22 px title + 100 + 12 + 18 px footer.
    expect([png.width, png.height]).toEqual([236, 152]);
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    // Panel 0 spans x 12..112, y 22..122. Its point (0.5, 1.5) is at (12 + 25, 22 + 25): orange-ish.
    const [r, g, b] = at(37, 47);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(150);
    // The mode at the panel centre is blue; a corner far from it is white.
    const centre = at(62, 72);
    expect(centre[2]).toBeGreaterThan(centre[0] + 50);
    expect(at(15, 118)).toEqual([255, 255, 255]);
    // Panel 1 (x from 124) has its two points at (1.5, 0.5) -> (124 + 75, 22 + 75).
    expect(at(199, 97)[0]).toBeGreaterThan(200);
  });

  it('refuses odd point arrays and no panels', () => {
    expect(() => toyPanelsSvg([])).toThrow('panels: expected at least one panel, found none');
    expect(() => toyPanelsSvg([{ step: 5, points: [1] }])).toThrow('panels: step 5: expected (x, y) pairs');
  });
});
