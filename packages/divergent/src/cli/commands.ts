// Every CLI command, each defined in its own file as a function that adds itself to the program.
import type { Command } from 'commander';
import { registerCompareDivergences } from './compare-divergences.js';
import { registerEval } from './eval.js';
import { registerMeasure } from './measure.js';
import { registerReport } from './report.js';
import { registerSample } from './sample.js';
import { registerStart } from './start.js';
import { registerTrainGan } from './train-gan.js';
import { registerTrainVae } from './train-vae.js';

export const commands: ((program: Command) => void)[] = [];
commands.push(registerTrainVae, registerEval, registerSample, registerStart);
commands.push(registerReport);
commands.push(registerMeasure);
commands.push(registerTrainGan, registerCompareDivergences);
