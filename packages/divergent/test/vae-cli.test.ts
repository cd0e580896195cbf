// End-to-end: the built `divergent` binary trains a tiny VAE on a slice of MNIST, and its
// files, numbers and pictures are checked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { divergent, type Ran } from './run-cli.js';

function pngSize(file: string): [number, number] {
  const png = PNG.sync.read(readFileSync(file));
  return [png.width, png.height];
}

// 28x28 digits at scale 2 with 2 px padding: a grid of c columns and r rows is
// (2 + c·58) x (2 + r·58) pixels.
const grid = (c: number, r: number): [number, number] => [2 + c * 58, 2 + r * 58];

const TINY = ['--limit-train', '600', '--limit-test', '200', '--hidden', '32', '--latent', '2', '--batch', '50', '--seed', '3'];

describe('divergent train vae / eval / sample', () => {
  let run: string;
  let trainOut: Ran;

  beforeAll(async () => {
    run = join(mkdtempSync(join(tmpdir(), 'div-vae-')), 'run');
    trainOut = await divergent('train', 'vae', ...TINY, '--epochs', '3', '--out', run);
  });

  it('trains, lowering the loss, and logs the stated metrics each epoch', () => {
    expect(trainOut.status, trainOut.stderr).toBe(0);
    const lines = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.epoch)).toEqual([1, 2, 3]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['epoch', 'seconds', 'loss', 'elbo', 'kl', 'test_elbo']));
      expect(l.elbo).toBeLessThan(0);
      // The plain ELBO objective: the loss is the negated ELBO.
      expect(l.loss).toBeCloseTo(-l.elbo, 3);
    }
    expect(lines[2].loss).toBeLessThan(lines[0].loss);
    expect(lines[2].test_elbo).toBeGreaterThan(lines[0].test_elbo);
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model: 'vae', preset: 'iwae', seed: 3, batch: 50, architecture: { hidden: [32], latent: 2, activation: 'tanh' } });
  });

  it('writes decodable pictures of the stated sizes, latent-2d.png included for a 2-D latent', () => {
    expect(pngSize(join(run, 'samples.png'))).toEqual(grid(8, 8));
    expect(pngSize(join(run, 'reconstructions.png'))).toEqual(grid(8, 8)); // 32 input | reconstruction pairs, 4 pairs a row
    expect(pngSize(join(run, 'latent-traversal.png'))).toEqual(grid(9, 2)); // 2 latent dims x 9 steps
    const [w, h] = pngSize(join(run, 'latent-2d.png'));
    expect(w).toBeGreaterThan(420);
    expect(h).toBeGreaterThan(420);
  });

  it('saves the encoder and decoder as tfjs LayersModels with relative weight paths', () => {
    for (const m of ['encoder', 'decoder']) {
      const json = JSON.parse(readFileSync(join(run, 'checkpoint', m, 'model.json'), 'utf8'));
      expect(json.format).toBe('layers-model');
      expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
      const bytes = json.weightsManifest[0].weights.reduce((a: number, w: { shape: number[] }) => a + 4 * w.shape.reduce((x, y) => x * y, 1), 0);
      expect(readFileSync(join(run, 'checkpoint', m, 'weights.bin')).length).toBe(bytes);
    }
  });

  it('eval --json prints the stated keys: ELBO negative, NLL positive and below -ELBO, bits/dim = NLL/(784 ln 2)', async () => {
    const r = await divergent('eval', run, '--nll-k', '100', '--limit', '200', '--json');
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(Object.keys(e)).toEqual(
      expect.arrayContaining(['test_elbo', 'test_nll', 'bits_per_dim', 'active_units', 'mutual_information', 'nll_k', 'n_test']),
    );
    expect(e.nll_k).toBe(100);
    expect(e.n_test).toBe(200);
    expect(e.test_elbo).toBeLessThan(0);
    expect(e.test_nll).toBeGreaterThan(0);
    expect(e.test_nll).toBeLessThan(-e.test_elbo);
    expect(e.bits_per_dim).toBeCloseTo(e.test_nll / (784 * Math.LN2), 10);
    expect(e.active_units).toBeLessThanOrEqual(2);
    expect(e.mutual_information).toBeLessThanOrEqual(Math.log(200) + 1e-6);
  });

  it('sample writes a PNG grid of --n images', async () => {
    const file = join(run, 'sixteen.png');
    const r = await divergent('sample', run, '--n', '16', '--out', file);
    expect(r.status, r.stderr).toBe(0);
    expect(pngSize(file)).toEqual(grid(8, 2));
  });

  it('refuses to train over a finished run without --resume', async () => {
    const r = await divergent('train', 'vae', ...TINY, '--epochs', '1', '--out', run);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already holds a trained run; pass --resume/);
  });
});

describe('bad input', () => {
  it('rejects a truncated IDX data file, naming the file and what was expected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'div-bad-'));
    const file = join(dir, 'images-idx3-ubyte');
    // Header: uint8, 3 dims, 10 x 28 x 28, but only 100 bytes of data.
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28]);
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(100)]));
    const r = await divergent('train', 'vae', '--dataset', file, '--out', join(dir, 'run'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/truncated/);
  });

  it('rejects malformed options with the valid forms', async () => {
    const [anneal, beta, hidden, evalMissing] = await Promise.all([
      divergent('train', 'vae', '--anneal', 'cosine:3'),
      divergent('train', 'vae', '--objective', 'iwae:5', '--beta', '2'),
      divergent('train', 'vae', '--hidden', '200,x'),
      divergent('eval', 'no-such-run'),
    ]);
    expect(anneal.stderr).toMatch(/--anneal: "cosine:3" is not valid; use linear:N/);
    expect(beta.stderr).toMatch(/--beta: applies to the ELBO objective only/);
    expect(hidden.stderr).toMatch(/--hidden: entry 1 is "x"/);
    for (const r of [anneal, beta, hidden, evalMissing]) expect(r.status).toBe(2);
    expect(evalMissing.stderr).toMatch(/no-such-run is not a run folder/);
  });
});
