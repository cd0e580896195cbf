// `divergent sample DIR`: a grid of images decoded from draws of the prior.
import type { Command } from 'commander';
import { join } from 'node:path';
import { initBackend } from '../backend.js';
import { DivergentInputError } from '../errors.js';
import { writeSamples } from '../eval/vae-pictures.js';
import { loadTrainedVae } from '../train/vae-run.js';
import { nonNegativeInt, positiveInt } from './train.js';

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('decode draws from the prior of a trained VAE into a PNG grid')
    .argument('<DIR>', 'run folder written by `divergent train vae`')
    .option('--n <n>', 'images in the grid', positiveInt('--n'), 64)
    .option('--seed <s>', 'seed of the draws', nonNegativeInt('--seed'), 0)
    .option('--out <file>', 'PNG to write (default DIR/samples.png)')
    .action(async (dir: string, opts: { n: number; seed: number; out?: string }) => {
      await initBackend();
      const { vae, config } = await loadTrainedVae(dir);
      const shape = config.imageShape;
      if (!shape) {
        vae.dispose();
        throw new DivergentInputError('DIR', `the model's examples (${vae.dataDim} values) are not images; there is nothing to draw`);
      }
      const file = opts.out ?? join(dir, 'samples.png');
      if (!file.toLowerCase().endsWith('.png')) throw new DivergentInputError('--out', `"${file}" should end in .png`);
      writeSamples(vae, file, shape, opts.n, opts.seed);
      vae.dispose();
      console.log(`wrote ${file} (${opts.n} samples from the prior)`);
    });
}
