// `divergent compare-divergences`: one f-GAN per divergence on a toy target, same budget and
// seeds, summarised in a table; and the forward- against reverse-KL fit of one Gaussian to a
// two-component mixture, the smallest picture of mode covering against mode seeking.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { initBackend, isNativeBackend } from '../backend.js';
import { forwardVersusReverse } from '../eval/gan-kl-fit.js';
import { F_GAN_DIVERGENCES, type FGanDivergence } from '../info/f-divergences.js';
import { DivergentInputError } from '../errors.js';
import { compareDivergences, type CompareRow } from '../models/gan-compare.js';
import { finiteNumber, positiveInt } from './train.js';

interface CompareCliOptions {
  dataset: string;
  steps: number;
  seeds: number;
  divergences?: string;
  json?: boolean;
  lr?: number;
  lrDecaySteps?: number;
  pack?: number;
  r1?: number;
  spectralNorm?: boolean;
  instanceNoise?: number;
}

function parseDivergences(text: string | undefined): FGanDivergence[] {
  if (text == null) return F_GAN_DIVERGENCES;
  return text.split(',').map((s, i) => {
    const name = s.trim();
    if (!(F_GAN_DIVERGENCES as string[]).includes(name)) {
      throw new DivergentInputError('--divergences', `entry ${i} is '${name}'; valid: ${F_GAN_DIVERGENCES.join(', ')}`);
    }
    return name as FGanDivergence;
  });
}

function table(rows: CompareRow[]): string {
  const header = ['divergence', 'modes covered', 'HQ %', 'histogram JS (nats)', 'seconds', 'diverged'];
  const body = rows.map((r) => [
    r.divergence,
    `${r.modes_covered_mean.toFixed(2)} ± ${r.modes_covered_sd.toFixed(2)} / ${r.modes_total}`,
    `${(100 * r.hq_fraction_mean).toFixed(1)} ± ${(100 * r.hq_fraction_sd).toFixed(1)}`,
    r.mode_js_mean == null ? '-' : r.mode_js_mean.toFixed(4),
    r.seconds_mean.toFixed(1),
    `${r.diverged}/${r.runs.length}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function registerCompareDivergences(program: Command): void {
  program
    .command('compare-divergences')
    .description('train an f-GAN with each divergence on a toy target (same budget and seeds) and compare modes covered; fit one Gaussian to a mixture by forward and by reverse KL')
    .option('--dataset <name>', 'ring8 or grid25', 'ring8')
    .option('--steps <n>', 'generator steps per run', positiveInt('--steps'), 3000)
    .option('--seeds <n>', 'runs per divergence (seeds 0..n-1)', positiveInt('--seeds'), 3)
    .option('--divergences <list>', `comma-separated subset of ${F_GAN_DIVERGENCES.join(',')} (default all)`)
    .option('--lr <r>', 'Adam learning rate of both nets', finiteNumber('--lr', 0, true))
    .option('--lr-decay-steps <n>', 'learning rates fall linearly to 0 at this step; 0 keeps them constant (default --steps)', finiteNumber('--lr-decay-steps', 0))
    .option('--pack <m>', 'PacGAN pack size for every run', positiveInt('--pack'))
    .option('--r1 <gamma>', 'R1 penalty weight for every run', finiteNumber('--r1', 0))
    .option('--spectral-norm', 'spectral normalisation of every discriminator')
    .option('--instance-noise <sigma>', 'instance noise for every run', finiteNumber('--instance-noise', 0))
    .option('--json', 'print the results as JSON')
    .action(async (opts: CompareCliOptions) => {
      await initBackend();
      if (!isNativeBackend()) console.error("divergent: the native backend is not active; training runs on tfjs's slow 'cpu' backend.");
      const divergences = parseDivergences(opts.divergences);
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: 'compare |{bar}| {percentage}% | ETA {eta_formatted} | {run}', stream: process.stderr, etaBuffer: 200 }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(divergences.length * opts.seeds * opts.steps, 0, { run: '' });
      let rows: CompareRow[];
      try {
        rows = compareDivergences({
          dataset: opts.dataset,
          steps: opts.steps,
          seeds: opts.seeds,
          divergences,
          overrides: { lr: opts.lr, lrDecaySteps: opts.lrDecaySteps, pack: opts.pack, r1: opts.r1, spectralNorm: opts.spectralNorm, instanceNoise: opts.instanceNoise },
          onStep: (done, _total, run) => {
            if (done % 50 === 0) bar?.update(done, { run });
          },
          onRun: (r) => {
            if (bar == null) console.error(`${r.divergence} seed ${r.seed}: ${r.modes_covered}/${r.modes_total} modes, HQ ${(100 * r.hq_fraction).toFixed(1)}%, ${r.seconds.toFixed(1)} s${r.diverged_at != null ? `, diverged at step ${r.diverged_at}` : ''}`);
          },
        });
      } finally {
        bar?.stop();
      }
      const fits = forwardVersusReverse();
      if (opts.json) {
        console.log(JSON.stringify({ dataset: opts.dataset, steps: opts.steps, seeds: opts.seeds, rows, gaussian_fit: fits }, null, 2));
        return;
      }
      console.log(`${opts.dataset}, ${opts.steps} generator steps, seeds 0..${opts.seeds - 1} (mean ± sd over seeds)`);
      console.log(table(rows));
      const { mixture: m, forward: f, reverse: r } = fits;
      console.log(`\nOne Gaussian fitted to ½N(${m.means[0]}, ${m.sigma}²) + ½N(${m.means[1]}, ${m.sigma}²):`);
      console.log(`  forward KL(p || q), mode covering: mean ${f.mean.toFixed(3)}, std ${f.std.toFixed(3)}  (KL(p||q) ${f.forward_kl.toFixed(3)}, KL(q||p) ${f.reverse_kl.toFixed(3)})`);
      console.log(`  reverse KL(q || p), mode seeking:  mean ${r.mean.toFixed(3)}, std ${r.std.toFixed(3)}  (KL(p||q) ${r.forward_kl.toFixed(3)}, KL(q||p) ${r.reverse_kl.toFixed(3)})`);
    });
}
