// `divergent start` (what `npm start` runs): the whole VAE story in about two minutes —
// train the iwae preset on MNIST, evaluate it, write the pictures and the report, and say
// what was done and where it went.
import type { Command } from 'commander';
import { join } from 'node:path';
import { initBackend, isNativeBackend } from '../backend.js';
import { EVALUATION_FILE, evaluateVae } from '../eval/vae-evaluate.js';
import { writeVaeArtifacts } from '../eval/vae-pictures.js';
import { vaeTestData } from '../eval/vae-test-data.js';
import { writeJsonAtomic } from '../train/atomic.js';
import { resolveVaeConfig, trainVae } from '../train/vae-run.js';
import { finiteNumber, positiveInt } from './train.js';

/** Epochs of the native run: about two minutes of training on two cores (1.6–2.2 s an epoch). */
export const START_EPOCHS = 50;
/** Without the native backend, training stops after this many seconds instead. */
export const START_FALLBACK_SECONDS = 120;
const START_NLL_K = 500;
const START_NLL_IMAGES = 1000;

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('train the iwae VAE on MNIST for about two minutes, evaluate it, and write pictures and an HTML report')
    .option('--out <dir>', 'run folder (default runs/start-<time>)')
    .option('--epochs <n>', `epochs (default ${START_EPOCHS})`, positiveInt('--epochs'))
    .option('--max-seconds <s>', 'stop training after this many seconds', finiteNumber('--max-seconds', 0, true))
    .action(async (opts: { out?: string; epochs?: number; maxSeconds?: number }) => {
      const backend = await initBackend();
      const native = isNativeBackend();
      const out = opts.out ?? join('runs', `start-${timestamp()}`);
      let maxSeconds = opts.maxSeconds;
      if (!native) {
        maxSeconds ??= START_FALLBACK_SECONDS;
        console.log(
          `The native backend is NOT active (TensorFlow.js is on its '${backend}' backend, about 100 times slower), ` +
            `so training stops after ${maxSeconds} seconds instead of running ${opts.epochs ?? START_EPOCHS} epochs. ` +
            'The model will be far from trained.',
        );
      }
      // PyTorch's default initialisation: in the first epochs it learns markedly faster than
      // Glorot's on this net (test ELBO about -176 against -190 after one epoch).
      const config = resolveVaeConfig({ preset: 'iwae', init: 'torch-default', epochs: opts.epochs ?? START_EPOCHS });
      console.log(
        `Training a VAE (Burda et al.'s 784-200-200-50 tanh net, Bernoulli decoder, ELBO, PyTorch's default initialisation) on MNIST's 60,000 images, ` +
          `dynamically binarised, for ${config.epochs} epochs${maxSeconds ? ` or ${maxSeconds} s` : ''} on the '${backend}' backend -> ${out}`,
      );
      const trained = await trainVae(config, { out, maxSeconds });
      const { vae, dataset } = trained;
      const n = Math.min(START_NLL_IMAGES, dataset.test.n);
      console.log(`Evaluating: NLL by importance sampling with k = ${START_NLL_K} on the first ${n} test images (the full k = 5000 evaluation of all 10,000 is \`divergent eval ${out}\`)...`);
      const data = vaeTestData(dataset.test, dataset.dim, vae.likelihood, dataset.eightBit, n, config.evalDataSeed);
      const r = evaluateVae(vae, data, { nllK: START_NLL_K });
      writeJsonAtomic(join(out, EVALUATION_FILE), r);
      const files = await writeVaeArtifacts(vae, trained.testData, out, dataset, config.seed);
      const epochs = trained.fit.history.length;
      console.log(`\nTrained ${epochs} epoch(s), ${trained.fit.steps} steps${trained.fit.stoppedBy === 'time' ? ' (stopped by the time limit)' : ''}.`);
      console.log(`test ELBO  ${r.test_elbo.toFixed(2)} nats   (first ${n} test images, fixed binarisation)`);
      console.log(`test NLL   ${r.test_nll.toFixed(2)} nats   (importance sampling, k = ${START_NLL_K}, first ${n} test images)`);
      console.log(`active units ${r.active_units} of ${r.latent_dim};  I(x; z) ${r.mutual_information.toFixed(2)} nats;  bits/dim ${r.bits_per_dim.toFixed(4)}`);
      console.log('For reference: Burda et al. (2016) report 86.76 nats for this net after 3,280 epochs (k = 5000).');
      if (r.collapse_warning) console.log(`warning: ${r.collapse_warning}`);
      console.log(`\nFiles written:\n${[join(out, 'config.json'), join(out, 'metrics.jsonl'), join(out, 'checkpoint/'), join(out, EVALUATION_FILE), ...files].map((f) => `  ${f}`).join('\n')}`);
      vae.dispose();
    });
}
