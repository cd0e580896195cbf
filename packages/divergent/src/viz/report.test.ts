import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeImageGrid } from './image-grid.js';
import { decodePng } from './raster.js';
import { writeReport } from './report.js';

const root = mkdtempSync(join(tmpdir(), 'divergent-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function makeRun(name: string, lines: object[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model: 'vae', preset: 'iwae', optimizer: { lr: 0.001 }, seed: 7 }));
  writeFileSync(join(dir, 'metrics.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return dir;
}

describe('writeReport', () => {
  it('writes a self-contained report with the final and best numbers, inline curves, embedded pictures and the config', async () => {
    const dir = makeRun('vae', [
      { epoch: 1, seconds: 12.5, loss: 140.25, elbo: -140.25, kl: 18.5, test_elbo: -120.125 },
      { epoch: 2, seconds: 11.75, loss: 110.5, elbo: -110.5, kl: 21.25, test_elbo: -104.375 },
      { epoch: 3, seconds: 11.5, loss: 101.5, elbo: -101.5, kl: 22.75, test_elbo: -104.5 },
    ]);
    writeImageGrid(join(dir, 'samples.png'), { values: [0, 1, 1, 0], n: 1, height: 2, width: 2 });
    writeFileSync(join(dir, 'eval.json'), JSON.stringify({ test_nll: 98.25, nll_k: 5000 }));
    const path = await writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    // Final numbers (epoch 3) and the best test ELBO (epoch 2).
    expect(html).toContain('<caption>after epoch 3 (3 logged lines)</caption>');
    expect(html).toContain('<tr><th>test_elbo</th><td>-104.5</td></tr>');
    expect(html).toContain('<tr><th>kl</th><td>22.75</td></tr>');
    expect(html).toContain('<tr><th>best test_elbo (epoch 2)</th><td>-104.375</td></tr>');
    // Other JSON results and the flattened config.
    expect(html).toContain('<tr><th>test_nll</th><td>98.25</td></tr>');
    expect(html).toContain('<tr><th>optimizer.lr</th><td>0.001</td></tr>');
    // Curves inline as SVG, with one point per epoch for the training ELBO.
    expect(html).toContain("Title text 'ELBO per example (higher is better)'");
    expect(html.match(/series: elbo" role="graphics-symbol" aria-roledescription="point"/g)).toHaveLength(3);
    // The picture is embedded and decodes to the grid that was written (2 + 2 + 2 = 6 px square).
    const uri = /<img src="data:image\/png;base64,([^"]+)" alt="samples.png">/.exec(html);
    expect(uri).not.toBeNull();
    const png = decodePng(Buffer.from(uri![1], 'base64'));
    expect([png.width, png.height]).toEqual([6, 6]);
    // Self-contained: no scripts, no links to the network.
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    // curves.png was written beside it, and no temporary files are left.
    expect(decodePng(readFileSync(join(dir, 'curves.png'))).width).toBeGreaterThan(700);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('reports a run with no metrics yet, and names a folder that is not a run', async () => {
    const dir = makeRun('empty', []);
    const html = readFileSync(await writeReport(dir), 'utf8');
    expect(html).toContain('No metrics logged yet');
    expect(html).toContain('<tr><th>preset</th><td>iwae</td></tr>');
    const notRun = join(root, 'nothing');
    mkdirSync(notRun);
    await expect(writeReport(notRun)).rejects.toThrow(`DIR: ${notRun} is not a run folder (no config.json)`);
  });

  it('charts GAN logs by step', async () => {
    const dir = makeRun('gan', [
      { step: 100, d_loss: 1.25, g_loss: 0.75, divergence_estimate: -0.5, d_real: 0.625, d_fake: 0.375, modes_covered: 3, hq_fraction: 0.5 },
      { step: 200, d_loss: 1.375, g_loss: 0.6875, divergence_estimate: -0.25, d_real: 0.5625, d_fake: 0.4375, modes_covered: 8, hq_fraction: 0.875 },
    ]);
    const html = readFileSync(await writeReport(dir), 'utf8');
    expect(html).toContain('<caption>after step 200 (2 logged lines)</caption>');
    expect(html).toContain('<tr><th>modes_covered</th><td>8</td></tr>');
    expect(html).toContain("Title text 'Divergence estimated by the discriminator'");
    expect(html).toContain("X-axis titled 'step'");
  });
});
