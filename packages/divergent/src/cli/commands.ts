// Every CLI command, each defined in its own file as a function that adds itself to the program.
import type { Command } from 'commander';

export const commands: ((program: Command) => void)[] = [];
