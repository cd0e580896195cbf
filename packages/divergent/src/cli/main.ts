#!/usr/bin/env node
// The divergent command line: wires commands to library calls, nothing more.
import { Command } from 'commander';
import { DivergentInputError } from '../errors.js';
import { commands } from './commands.js';

const program = new Command('divergent')
  .description('Information theory for deep learning: measures, distributions, VAEs and GANs')
  .showHelpAfterError();
for (const register of commands) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Mistakes in the input get one line and exit code 2; anything else is a bug and keeps its stack.
  if (err instanceof DivergentInputError) {
    console.error(`divergent: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
