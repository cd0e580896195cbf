// End-to-end: the built `divergent` binary trains tiny GANs on ring8; a run killed after its
// checkpoint and resumed must log exactly what the uninterrupted run logs.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { divergent, type Ran } from './run-cli.js';

function metrics(run: string): Record<string, number>[] {
  return readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
}

// Small nets and batches: seconds per run, but every code path of a real one.
const TINY = ['--dataset', 'ring8', '--g-hidden', '16', '--d-hidden', '16', '--batch', '32', '--log-every', '20', '--panel-every', '20', '--seed', '5'];

describe('divergent train gan', () => {
  let dir: string;
  let full: Ran;
  let first: Ran;
  let resumed: Ran;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'div-gan-'));
    // f-GAN js with every stabiliser on, so that resume covers their state too (spectral
    // norm's singular vectors, the annealed noise, the packed critic, the R1 double backprop).
    const stab = ['--loss', 'f', '--divergence', 'js', '--pack', '2', '--r1', '0.5', '--spectral-norm', '--instance-noise', '0.1', '--instance-noise-steps', '60', '--lr-decay-steps', '60'];
    [full, first] = await Promise.all([
      divergent('train', 'gan', ...TINY, ...stab, '--steps', '60', '--out', join(dir, 'full')),
      divergent('train', 'gan', ...TINY, ...stab, '--steps', '40', '--out', join(dir, 'part')),
    ]);
    resumed = await divergent('train', 'gan', '--steps', '60', '--resume', '--out', join(dir, 'part'));
  });

  it('logs the stated keys per logging step, with the divergence estimate equal to -d_loss minus the R1 term', () => {
    expect(full.status, full.stderr).toBe(0);
    const lines = metrics(join(dir, 'full'));
    expect(lines.map((l) => l.step)).toEqual([20, 40, 60]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['step', 'd_loss', 'g_loss', 'divergence_estimate', 'd_real', 'd_fake', 'modes_covered', 'hq_fraction']));
      // d_loss = -bound + R1 penalty >= -bound; f-GAN js outputs g_f(v) < log 2.
      expect(l.d_loss).toBeGreaterThanOrEqual(-l.divergence_estimate - 1e-6);
      expect(l.d_real).toBeLessThan(Math.LN2);
      expect(l.hq_fraction).toBeGreaterThanOrEqual(0);
      expect(l.hq_fraction).toBeLessThanOrEqual(1);
    }
    const config = JSON.parse(readFileSync(join(dir, 'full', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ dataset: 'ring8', loss: 'f', divergence: 'js', pack: 2, r1: 0.5, spectralNorm: true, instanceNoise: 0.1, seed: 5 });
    expect(config.stabilisers).toEqual(['pacgan(m=2)', 'r1(gamma=0.5)', 'spectral-norm', 'instance-noise(sigma=0.1)']);
  });

  it('a run resumed from its checkpoint logs what the uninterrupted run logs (to float32 rounding)', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(resumed.status, resumed.stderr).toBe(0);
    const a = metrics(join(dir, 'part'));
    const b = metrics(join(dir, 'full'));
    expect(a.map((l) => l.step)).toEqual([20, 40, 60]);
    // Up to the checkpoint the runs are the same computation; after it, Adam's restored
    // β-powers are recomputed from the step count rather than multiplied up, which moves the
    // last bits (seen: 1 part in 1e7), so the resumed segment is compared to 1e-5.
    expect(a.slice(0, 2).map(({ seconds: _s, eval_seconds: _e, ...rest }) => rest)).toEqual(b.slice(0, 2).map(({ seconds: _s, eval_seconds: _e, ...rest }) => rest));
    for (const key of ['d_loss', 'g_loss', 'divergence_estimate', 'd_real', 'd_fake', 'hq_fraction', 'modes_covered']) {
      expect(Math.abs(a[2][key] - b[2][key]), key).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[2][key])));
    }
  });

  it('draws one panel per --panel-every steps into samples.png and writes the report', () => {
    const png = PNG.sync.read(readFileSync(join(dir, 'full', 'samples.png')));
    const points = JSON.parse(readFileSync(join(dir, 'full', 'panels', 'points.json'), 'utf8')) as { step: number }[];
    expect(points.map((p) => p.step)).toEqual([20, 40, 60]);
    // Three panels in one row are wider than tall.
    expect(png.width).toBeGreaterThan(2 * png.height);
    expect(existsSync(join(dir, 'full', 'report.html'))).toBe(true);
  });

  it('refuses to overwrite a trained run without --resume', async () => {
    const again = await divergent('train', 'gan', ...TINY, '--steps', '20', '--out', join(dir, 'full'));
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds a trained run; pass --resume/);
  });
});

describe('unknown names give a clear error listing the valid ones', () => {
  it.each([
    [['train', 'gan', '--dataset', 'ring9'], "divergent: --dataset: unknown value 'ring9'; valid: ring8, grid25, moons, mnist"],
    [['train', 'gan', '--loss', 'wgan'], "divergent: --loss: unknown value 'wgan'; valid: minimax, non-saturating, f"],
    [['train', 'gan', '--loss', 'f', '--divergence', 'tv'], "divergent: --divergence: unknown value 'tv'; valid: kl, reverse-kl, js, pearson, squared-hellinger, gan"],
    [['compare-divergences', '--divergences', 'js,chi2'], "divergent: --divergences: entry 1 is 'chi2'; valid: kl, reverse-kl, js, pearson, squared-hellinger, gan"],
    [['compare-divergences', '--dataset', 'moons'], 'divergent: --dataset: moons has no discrete modes to count; use ring8 or grid25'],
  ])('%j', async (args, message) => {
    const r = await divergent(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(message);
  });
});
