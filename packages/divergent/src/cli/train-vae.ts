// `divergent train vae`: parse the options, train, write the pictures and the report, print
// where everything went.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, isNativeBackend } from '../backend.js';
import { INIT_NAMES } from '../models/init.js';
import { ACTIVATIONS } from '../models/networks.js';
import { DECODER_NAMES } from '../models/vae-likelihoods.js';
import { PRESET_NAMES } from '../models/vae-presets.js';
import { readRunConfig } from '../train/config-file.js';
import { writeVaeArtifacts } from '../eval/vae-pictures.js';
import { finiteNumber, nonNegativeInt, oneOf, positiveInt, sizeList, trainGroup } from './train.js';
import { resolveVaeConfig, trainVae, type VaeOverrides, type VaeRunConfig } from '../train/vae-run.js';

interface TrainVaeCliOptions extends VaeOverrides {
  out: string;
  resume?: boolean;
  maxSeconds?: number;
}

export function registerTrainVae(program: Command): void {
  trainGroup(program)
    .command('vae')
    .description('train a variational autoencoder (ELBO, beta-VAE, KL annealing, free bits or IWAE) and write checkpoints, metrics and pictures')
    .option('--preset <name>', `architecture and training defaults: ${PRESET_NAMES.join(', ')}`, oneOf('--preset', PRESET_NAMES), 'iwae')
    .option('--dataset <name|file>', 'mnist, fashion-mnist, or an IDX, .npy or CSV file', 'mnist')
    .option('--test <file>', 'held-out test file for --dataset FILE')
    .option('--test-fraction <f>', 'without --test: fraction of FILE held out (seeded)', finiteNumber('--test-fraction', 0, true))
    .option('--limit-train <n>', 'use only the first N training examples', positiveInt('--limit-train'))
    .option('--limit-test <n>', 'use only the first N test examples', positiveInt('--limit-test'))
    .option('--epochs <n>', 'epochs to train (with --resume: the new total)', positiveInt('--epochs'))
    .option('--batch <b>', 'examples per batch', positiveInt('--batch'))
    .option('--lr <r>', 'Adam learning rate', finiteNumber('--lr', 0, true))
    .option('--latent <d>', 'latent dimensions', positiveInt('--latent'))
    .option('--hidden <sizes>', 'encoder hidden sizes, e.g. 200,200 (the decoder mirrors them)', sizeList('--hidden'))
    .option('--activation <name>', `hidden activation: ${ACTIVATIONS.join(', ')}`, oneOf('--activation', ACTIVATIONS))
    .option('--arch <kind>', 'mlp or conv', oneOf('--arch', ['mlp', 'conv'] as const))
    .option('--decoder <name>', `likelihood p(x|z): ${DECODER_NAMES.join(', ')}`, oneOf('--decoder', DECODER_NAMES))
    .option('--variance-floor <v>', 'gaussian decoder: smallest variance (default (1/256)^2)', finiteNumber('--variance-floor', 0, true))
    .option('--init <name>', `weight initialisation: ${INIT_NAMES.join(', ')}`, oneOf('--init', INIT_NAMES))
    .option('--beta <b>', 'weight of the KL term (beta-VAE)', finiteNumber('--beta', 0))
    .option('--anneal <schedule>', 'KL annealing: linear:N (warm-up steps) or cyclical:M (cycles)')
    .option('--free-bits <nats>', 'floor on each latent dimension’s batch-averaged KL (Kingma et al. 2016)', finiteNumber('--free-bits', 0))
    .option('--objective <obj>', 'elbo or iwae:K', 'elbo')
    .option('--seed <s>', 'seed of initialisation, batches and noise', nonNegativeInt('--seed'))
    .option('--max-seconds <s>', 'stop training after this many wall-clock seconds', finiteNumber('--max-seconds', 0, true))
    .option('--out <dir>', 'run folder (config.json, metrics.jsonl, checkpoint/, pictures, report)', 'runs/vae')
    .option('--resume', 'continue the run in --out from its last checkpoint')
    .action(async (opts: TrainVaeCliOptions) => {
      await initBackend();
      if (!isNativeBackend()) console.error("divergent: the native backend is not active; training runs on tfjs's slow 'cpu' backend.");
      let config: VaeRunConfig;
      if (opts.resume && existsSync(join(opts.out, 'config.json'))) {
        // A resumed run keeps its own configuration; only the number of epochs may grow.
        config = readRunConfig<VaeRunConfig>(opts.out, '--out');
        if (opts.epochs !== undefined) config.epochs = opts.epochs;
        console.error(`divergent: resuming ${opts.out} with its own config.json, to ${config.epochs} epochs in all`);
      } else {
        config = resolveVaeConfig(opts);
      }
      const trained = await trainVae(config, { out: opts.out, resume: opts.resume, maxSeconds: opts.maxSeconds });
      const last = trained.fit.history[trained.fit.history.length - 1];
      console.log(`trained ${trained.fit.epochsRun} epoch(s) (${trained.fit.steps} steps in all)${trained.fit.stoppedBy === 'time' ? ', stopped by --max-seconds' : ''}`);
      if (last) console.log(`epoch ${last.epoch}: loss ${fmt(last.loss)}  train ELBO ${fmt(last.elbo)}  KL ${fmt(last.kl)}  test ELBO ${fmt(last.test_elbo)} nats`);
      const files = await writeVaeArtifacts(trained.vae, trained.testData, opts.out, trained.dataset, config.seed);
      console.log(`wrote ${[join(opts.out, 'config.json'), join(opts.out, 'metrics.jsonl'), join(opts.out, 'checkpoint/'), ...files].join(', ')}`);
      console.log(`full evaluation (NLL with k = 5000): divergent eval ${opts.out}`);
      trained.vae.dispose();
    });
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(2) : '?';
}
