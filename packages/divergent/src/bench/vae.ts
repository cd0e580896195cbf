// `npm run bench:vae`: the VAE comparison protocol of ../shared/bench/torch_vae_protocol.py,
// run for divergent and, when /usr/bin/python3 has torch, for PyTorch in the same process:
// the iwae net (784-200-200-50 tanh, Bernoulli) with PyTorch's default initialisation, dynamic
// binarisation, batches of 100, Adam (lr 1e-3, ε 1e-4), E epochs, then the test ELBO and the
// test NLL by importance sampling with k samples on one fixed binarisation of the test set.
// Prints one JSON object: each side's per-seed results under the reference's keys
// (sec_per_epoch, test_elbo, test_nll, k) and the two bars (NLL within 0.5 nats of PyTorch's,
// seconds per epoch at most half of PyTorch's).
//
//   node dist/bench/vae.js [--epochs 10] [--seeds 3] [--first-seed 0] [--k 5000] [--torch-threads 1] [--no-torch]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numThreads } from '@divergent/tfjs-backend-native';
import { Command } from 'commander';
import { initBackend } from '../backend.js';
import { mnistDataDir } from '../data/mnist.js';
import { evaluateElbo } from '../eval/elbo.js';
import { importanceSampledLogLikelihood, mean } from '../eval/nll.js';
import { resolveVaeConfig, trainVae } from '../train/vae-run.js';
import { nonNegativeInt, positiveInt } from '../cli/train.js';

const PYTHON = '/usr/bin/python3';
const REFERENCE = fileURLToPath(new URL('../../../../../shared/bench/torch_vae_protocol.py', import.meta.url));

interface SeedResult {
  anchor: string;
  seed: number;
  epochs: number;
  sec_per_epoch: number;
  test_elbo: number;
  test_nll: number;
  k: number;
  [key: string]: unknown;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function ours(seed: number, epochs: number, k: number): Promise<SeedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'divergent-bench-vae-'));
  try {
    const config = resolveVaeConfig({ preset: 'iwae', init: 'torch-default', epochs, seed });
    const { vae, fit, testData } = await trainVae(config, { out: dir });
    const seconds = fit.history.reduce((a, l) => a + (l.seconds as number), 0);
    const elbo = evaluateElbo(vae, testData, { seed: 1 }).elbo;
    const nll = -mean(importanceSampledLogLikelihood(vae, testData, { k, seed: 2 }));
    vae.dispose();
    return { anchor: 'divergent', seed, epochs, sec_per_epoch: round3(seconds / epochs), test_elbo: round3(elbo), test_nll: round3(nll), k };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function torchAvailable(): Promise<string | null> {
  if (!existsSync(PYTHON)) return Promise.resolve(`${PYTHON} not found`);
  if (!existsSync(REFERENCE)) return Promise.resolve(`reference script not found at ${REFERENCE}`);
  return new Promise((done) =>
    execFile(PYTHON, ['-c', 'import torch'], (err) => done(err ? `${PYTHON} cannot import torch` : null)),
  );
}

function torch(seed: number, epochs: number, k: number, threads: number): Promise<SeedResult> {
  return new Promise((done, fail) =>
    execFile(
      PYTHON,
      [REFERENCE, mnistDataDir(), String(epochs), String(k), String(threads), String(seed)],
      { maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) fail(new Error(`the PyTorch reference failed: ${stderr || err.message}`));
        else done({ ...(JSON.parse(stdout.trim().split('\n').pop()!) as SeedResult), threads });
      },
    ),
  );
}

function summary(rs: SeedResult[]): { sec_per_epoch: number; test_elbo: number; test_nll: number } {
  return {
    sec_per_epoch: round3(mean(rs.map((r) => r.sec_per_epoch))),
    test_elbo: round3(mean(rs.map((r) => r.test_elbo))),
    test_nll: round3(mean(rs.map((r) => r.test_nll))),
  };
}

async function main(): Promise<void> {
  const opts = new Command('bench:vae')
    .option('--epochs <n>', 'epochs per seed', positiveInt('--epochs'), 10)
    .option('--seeds <n>', 'number of seeds (0, 1, ...)', positiveInt('--seeds'), 3)
    .option('--first-seed <s>', 'first seed (to continue an interrupted protocol)', nonNegativeInt('--first-seed'), 0)
    .option('--k <k>', 'importance samples for the test NLL', positiveInt('--k'), 5000)
    .option('--torch-threads <n>', "PyTorch's threads (the reference's default is 1)", nonNegativeInt('--torch-threads'), 1)
    .option('--no-torch', 'skip the PyTorch reference')
    .parse(process.argv)
    .opts<{ epochs: number; seeds: number; firstSeed: number; k: number; torchThreads: number; torch: boolean }>();
  const backend = await initBackend();
  const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.firstSeed + i);
  const torchMissing = opts.torch ? await torchAvailable() : 'skipped (--no-torch)';
  // Seed by seed, ours then PyTorch's, each printed as it finishes: an interrupted run still
  // leaves the two sides compared on the same seeds.
  const divergent: SeedResult[] = [];
  const reference: SeedResult[] = [];
  for (const seed of seeds) {
    divergent.push(await ours(seed, opts.epochs, opts.k));
    console.error(JSON.stringify(divergent[divergent.length - 1]));
    if (torchMissing != null) continue;
    reference.push(await torch(seed, opts.epochs, opts.k, opts.torchThreads));
    console.error(JSON.stringify(reference[reference.length - 1]));
  }
  const o = summary(divergent);
  const result: Record<string, unknown> = {
    protocol: 'torch_vae_protocol.py: iwae net, torch-default init, dynamic binarisation, batch 100, Adam lr 1e-3 eps 1e-4',
    epochs: opts.epochs,
    k: opts.k,
    backend,
    threads: numThreads(),
    divergent: { mean: o, seeds: divergent },
  };
  if (reference.length > 0) {
    const t = summary(reference);
    result.torch = { mean: t, seeds: reference };
    result.nll_gap = round3(o.test_nll - t.test_nll);
    result.speed_ratio = round3(o.sec_per_epoch / t.sec_per_epoch);
    result.bars = { nll_within_0_5_nats: Math.abs(o.test_nll - t.test_nll) <= 0.5, at_most_half_the_seconds: o.sec_per_epoch <= 0.5 * t.sec_per_epoch };
  } else {
    result.torch = `not run: ${torchMissing}`;
  }
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
