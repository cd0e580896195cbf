// Runs the built `divergent` binary for end-to-end tests, without blocking the test worker's
// event loop (progress bars and long trainings keep writing while the test waits).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function divergent(...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      done({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
