// `divergent train <model>`: the group every model's training command joins (train vae,
// train gan, ...), and the option parsers the training and evaluation commands share.
import type { Command } from 'commander';
import { DivergentInputError } from '../errors.js';

/** The `train` command group, created on first use. */
export function trainGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'train') ?? program.command('train').description('train a model (see: divergent train <model> --help)');
}

/** A commander argument parser for a positive integer option. */
export function positiveInt(flag: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new DivergentInputError(flag, `expected a positive integer, got "${text}"`);
    return n;
  };
}

/** A parser for a finite number, optionally bounded below (inclusive) or strictly. */
export function finiteNumber(flag: string, min?: number, strict = false): (text: string) => number {
  return (text) => {
    const n = Number(text);
    const ok = text.trim() !== '' && Number.isFinite(n) && (min == null || (strict ? n > min : n >= min));
    if (!ok) throw new DivergentInputError(flag, `expected a number${min == null ? '' : strict ? ` > ${min}` : ` >= ${min}`}, got "${text}"`);
    return n;
  };
}

/** A parser for a non-negative integer (seeds). */
export function nonNegativeInt(flag: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new DivergentInputError(flag, `expected an integer in 0..4294967295, got "${text}"`);
    return n;
  };
}

/** A parser for a comma-separated list of layer sizes, e.g. "200,200". */
export function sizeList(flag: string): (text: string) => number[] {
  return (text) => {
    const parts = text.split(',').map((s) => s.trim());
    return parts.map((s, i) => {
      const n = Number(s);
      if (s === '' || !Number.isInteger(n) || n < 1) {
        throw new DivergentInputError(flag, `entry ${i} is "${s}"; expected comma-separated positive integers such as 200,200`);
      }
      return n;
    });
  };
}

/** A parser for a value from a fixed list. */
export function oneOf<T extends string>(flag: string, values: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(values as readonly string[]).includes(text)) throw new DivergentInputError(flag, `"${text}" is not one of ${values.join(', ')}`);
    return text as T;
  };
}
