// Runs an ES module script in a fresh Node process with DIVERGENT_NUM_THREADS set, for tests
// that compare results across thread counts (the pool's size is fixed when the addon loads).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The script's last output line, split on spaces (scripts print "<threads> <hash>"). */
export function runWithThreads(script: string, threads: number): string[] {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, DIVERGENT_NUM_THREADS: String(threads) },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  }).trim().split('\n').pop()!.split(' ');
}
