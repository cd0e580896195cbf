// config.json: the full, resolved configuration of a run (every default filled in, the seed
// included), so that a run can be repeated and `eval` / `sample` can rebuild its model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivergentInputError } from '../errors.js';
import { writeJsonAtomic } from './atomic.js';

export const CONFIG_FILE = 'config.json';

export function writeRunConfig(runDir: string, config: object): void {
  writeJsonAtomic(join(runDir, CONFIG_FILE), config);
}

export function readRunConfig<T>(runDir: string, argument = 'DIR'): T {
  const file = join(runDir, CONFIG_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DivergentInputError(argument, code === 'ENOENT' ? `${runDir} is not a run folder (no ${CONFIG_FILE})` : `${file} cannot be read (${(err as Error).message})`);
  }
}
