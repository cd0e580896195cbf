// `divergent eval DIR`: the test-set numbers of a trained VAE run — ELBO, NLL by importance
// sampling (k = 5000 by default), bits/dim, active units, I(x; z) — as text or one JSON object.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { join } from 'node:path';
import { initBackend } from '../backend.js';
import { DEFAULT_NLL_K } from '../eval/nll.js';
import { EVALUATION_FILE, evaluateVae, type VaeEvaluation } from '../eval/vae-evaluate.js';
import { vaeTestData } from '../eval/vae-test-data.js';
import { writeJsonAtomic } from '../train/atomic.js';
import { loadTrainedVae, loadVaeData } from '../train/vae-run.js';
import { writeReport } from '../viz/report.js';
import { positiveInt } from './train.js';

export interface EvalCliOptions {
  nllK: number;
  limit?: number;
  json?: boolean;
}

/** Evaluates a run folder; with a progress bar on a terminal while the NLL is estimated. */
export async function evaluateRun(dir: string, opts: EvalCliOptions): Promise<VaeEvaluation> {
  await initBackend();
  const { config, vae } = await loadTrainedVae(dir);
  const { dataset } = loadVaeData({ ...config, limitTest: undefined });
  const limit = Math.min(opts.limit ?? dataset.test.n, dataset.test.n);
  const data = vaeTestData(dataset.test, dataset.dim, vae.likelihood, dataset.eightBit, limit, config.evalDataSeed);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: `NLL (k = ${opts.nllK}) |{bar}| {value}/{total} test images | ETA {eta_formatted}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(limit, 0);
  try {
    return evaluateVae(vae, data, { nllK: opts.nllK, onNllProgress: (done) => bar?.update(done) });
  } finally {
    bar?.stop();
    vae.dispose();
  }
}

export function printEvaluation(r: VaeEvaluation): void {
  const lines = [
    `test images       ${r.n_test}`,
    `test ELBO         ${r.test_elbo.toFixed(2)} nats`,
    `test NLL          ${r.test_nll.toFixed(2)} nats (importance sampling, k = ${r.nll_k})`,
    `bits/dim          ${r.bits_per_dim.toFixed(4)}`,
    `KL                ${r.kl.toFixed(2)} nats`,
    `KL per dimension  ${r.kl_per_dim
      .map((v, j) => [v, j])
      .sort((a, b) => b[0] - a[0])
      .slice(0, 10)
      .map(([v, j]) => `z${j} ${v.toFixed(2)}`)
      .join(', ')}${r.latent_dim > 10 ? ', ... (largest 10; all in --json)' : ''}`,
    `active units      ${r.active_units} of ${r.latent_dim} (Cov_x E_q[z_j] > 0.01)`,
    `I(x; z)           ${r.mutual_information.toFixed(2)} nats (aggregate posterior; at most ln ${r.n_test} = ${Math.log(r.n_test).toFixed(2)})`,
  ];
  console.log(lines.join('\n'));
  if (r.collapse_warning) console.log(`warning: ${r.collapse_warning}`);
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a trained VAE run: test ELBO, NLL (importance sampling), bits/dim, active units, I(x;z)')
    .argument('<DIR>', 'run folder written by `divergent train vae`')
    .option('--nll-k <k>', 'importance samples per test image', positiveInt('--nll-k'), DEFAULT_NLL_K)
    .option('--limit <n>', 'evaluate only the first N test images', positiveInt('--limit'))
    .option('--json', 'print one JSON object instead of text')
    .action(async (dir: string, opts: EvalCliOptions) => {
      const r = await evaluateRun(dir, opts);
      // Kept beside the run (and shown in its report), overwritten by the next evaluation.
      writeJsonAtomic(join(dir, EVALUATION_FILE), r);
      await writeReport(dir);
      if (opts.json) console.log(JSON.stringify(r));
      else printEvaluation(r);
    });
}
