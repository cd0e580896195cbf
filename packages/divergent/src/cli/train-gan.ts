// `divergent train gan`: parse the options, train, write the pictures and the report, print
// what the run achieved and where everything went.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, isNativeBackend } from '../backend.js';
import { F_GAN_DIVERGENCES } from '../info/f-divergences.js';
import { activeStabilisers, GAN_DATASETS, LOSSES, resolveGanConfig, type GanConfig } from '../models/gan-config.js';
import { trainGan } from '../models/gan-run.js';
import { readRunConfig } from '../train/config-file.js';
import { writeReport } from '../viz/report.js';
import { finiteNumber, nonNegativeInt, positiveInt, sizeList, trainGroup } from './train.js';

interface TrainGanCliOptions {
  dataset: string;
  loss?: string;
  divergence?: string;
  saturating?: boolean;
  steps?: number;
  batch?: number;
  lr?: number;
  lrD?: number;
  lrDecaySteps?: number;
  dSteps?: number;
  latent?: number;
  arch?: string;
  gHidden?: number[];
  dHidden?: number[];
  pack?: number;
  r1?: number;
  spectralNorm?: boolean;
  instanceNoise?: number;
  instanceNoiseSteps?: number;
  logEvery?: number;
  panelEvery?: number;
  seed?: number;
  out?: string;
  resume?: boolean;
  classifierCache?: string;
}

export function registerTrainGan(program: Command): void {
  trainGroup(program)
    .command('gan')
    .description('train a GAN or f-GAN on a 2-D toy mixture or MNIST, with the divergence of your choice')
    .option('--dataset <name>', `${GAN_DATASETS.join(', ')}`, 'ring8')
    .option('--loss <name>', `${LOSSES.join(', ')} (f = f-GAN with --divergence)`, 'non-saturating')
    .option('--divergence <name>', `f-GAN divergence: ${F_GAN_DIVERGENCES.join(', ')} (default js)`)
    .option('--saturating', "f-GAN: the generator minimises the bound itself instead of -E_Q[g_f(v)]")
    .option('--steps <n>', 'generator steps (with --resume: the new total)', positiveInt('--steps'))
    .option('--batch <b>', 'samples per batch', positiveInt('--batch'))
    .option('--lr <r>', 'Adam learning rate of the generator (and of the discriminator unless --lr-d)', finiteNumber('--lr', 0, true))
    .option('--lr-d <r>', 'Adam learning rate of the discriminator', finiteNumber('--lr-d', 0, true))
    .option('--lr-decay-steps <n>', 'learning rates fall linearly to 0 at this step; 0 keeps them constant (default --steps)', (t: string) => (t === '0' ? 0 : positiveInt('--lr-decay-steps')(t)))
    .option('--d-steps <n>', 'discriminator steps per generator step', positiveInt('--d-steps'))
    .option('--latent <d>', 'latent dimensions of the generator', positiveInt('--latent'))
    .option('--arch <kind>', 'mlp, or conv (DCGAN-style, MNIST only)')
    .option('--g-hidden <sizes>', 'generator MLP hidden sizes, e.g. 128,128', sizeList('--g-hidden'))
    .option('--d-hidden <sizes>', 'discriminator MLP hidden sizes', sizeList('--d-hidden'))
    .option('--pack <m>', 'PacGAN: the discriminator judges m samples at once', positiveInt('--pack'))
    .option('--r1 <gamma>', 'R1 gradient penalty weight on real data', finiteNumber('--r1', 0))
    .option('--spectral-norm', 'spectral normalisation of the discriminator (MLP)')
    .option('--instance-noise <sigma>', 'Gaussian noise on every discriminator input, annealed to 0', finiteNumber('--instance-noise', 0))
    .option('--instance-noise-steps <n>', 'generator steps over which the noise falls to 0 (default --steps)', positiveInt('--instance-noise-steps'))
    .option('--log-every <n>', 'generator steps per metrics line and checkpoint', positiveInt('--log-every'))
    .option('--panel-every <n>', 'toys: generator steps between panels of samples.png', positiveInt('--panel-every'))
    .option('--seed <s>', 'seed of initialisation, batches and noise', nonNegativeInt('--seed'))
    .option('--out <dir>', 'run folder (config.json, metrics.jsonl, checkpoint/, samples.png, report.html); default runs/gan-<dataset>')
    .option('--resume', 'continue the run in --out from its last checkpoint')
    .option('--classifier-cache <dir>', 'MNIST: where the evaluation classifier is cached')
    .action(async (opts: TrainGanCliOptions) => {
      await initBackend();
      if (!isNativeBackend()) console.error("divergent: the native backend is not active; training runs on tfjs's slow 'cpu' backend.");
      const out = opts.out ?? join('runs', `gan-${opts.dataset}`);
      let config: GanConfig;
      if (opts.resume && existsSync(join(out, 'config.json'))) {
        // A resumed run keeps its own configuration; only the number of steps may grow.
        const { stabilisers, objective, ...saved } = readRunConfig<GanConfig & { stabilisers: string[]; objective: string }>(out, '--out');
        config = resolveGanConfig({ ...saved, steps: opts.steps ?? saved.steps });
      } else {
        const { latent, out: _out, resume: _resume, classifierCache: _cache, ...rest } = opts;
        config = resolveGanConfig({ ...rest, latentDim: latent } as Parameters<typeof resolveGanConfig>[0]);
      }
      const trained = await trainGan(config, { out, resume: opts.resume, classifierCache: opts.classifierCache });
      const last = trained.fit.history[trained.fit.history.length - 1];
      console.log(`trained ${trained.fit.steps} generator steps (${trained.trainer.objective.name}, stabilisers: ${activeStabilisers(config).join(', ') || 'none'})`);
      if (last) console.log(`step ${last.step}: d_loss ${fmt(last.d_loss)}  g_loss ${fmt(last.g_loss)}  divergence estimate ${fmt(last.divergence_estimate)}`);
      const final = Object.entries(trained.final);
      console.log(final.length > 0 ? final.map(([k, v]) => `${k} ${fmt(v)}`).join('  ') : `(${config.dataset} has no discrete modes to count; see samples.png)`);
      const report = await writeReport(out);
      console.log(`wrote ${[join(out, 'config.json'), join(out, 'metrics.jsonl'), join(out, 'checkpoint/'), join(out, 'samples.png'), join(out, 'eval.json'), report].join(', ')}`);
      trained.trainer.dispose();
    });
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v);
}
