// End to end through the built binary: `divergent measure` reads inline JSON, JSON, CSV and
// one-number-per-line files, prints text or one JSON object, and turns bad input into one line
// on stderr with exit code 2. The invocations run concurrently: each one loads TensorFlow.js.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'divergent-measure-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, 'measure', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function json(r: Run): Record<string, unknown> {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// scipy 1.10 on p = [0.1, 0.2, 0.7], q = [0.3, 0.3, 0.4]: stats.entropy(p) = 0.8018185525433373,
// stats.entropy(p, q) = 0.20077680106635193; on the table [[1, 2], [3, 4]] / 10, numpy gives
// I(X;Y) = 0.004021743230482364.
describe('divergent measure', () => {
  it('computes each measure from inline JSON and files, as text and as JSON', async () => {
    const pJson = join(dir, 'p.json');
    const qLines = join(dir, 'q.txt');
    const batch = join(dir, 'batch.csv');
    writeFileSync(pJson, '[0.1, 0.2, 0.7]\n');
    writeFileSync(qLines, '0.3\n0.3\n0.4\n');
    writeFileSync(batch, '0.1,0.2,0.7\n0.5,0.5,0\n');
    const [kl, f, renyi, mi, csv, logits] = await Promise.all([
      run('kl', '--p', pJson, '--q', qLines, '--base', '2', '--json'),
      run('f', '--f', 'pearson', '--p', '[0.5, 0.5]', '--q', '[1, 0]', '--json'),
      run('renyi', '--alpha', 'inf', '--p', pJson, '--q', qLines),
      run('mi', '--p', '[[1, 2], [3, 4]]', '--from', 'counts', '--json'),
      run('entropy', '--p', batch, '--json'),
      run('cross-entropy', '--p', '[10000, -10000]', '--q', '[-10000, 10000]', '--from', 'logits', '--json'),
    ]);
    expect(json(kl)).toEqual({ measure: 'kl', value: expect.closeTo(0.20077680106635193 / Math.LN2, 15), unit: 'bits' });
    // Pearson χ² with q = 0 < p is infinite; JSON has no Infinity, so it is spelled out.
    expect(json(f)).toEqual({ measure: 'f', f: 'pearson', value: 'Infinity', unit: null });
    // log max p/q = log(0.7/0.4), as text.
    expect(renyi.stdout).toBe(`renyi alpha=Infinity: ${Math.log(0.7 / 0.4)} nats\n`);
    expect(json(mi).value).toBeCloseTo(0.004021743230482364, 15);
    expect(json(csv).value).toEqual([expect.closeTo(0.8018185525433373, 15), expect.closeTo(Math.LN2, 15)]);
    expect(json(logits).value).toBeCloseTo(2e4, 9);
  });

  it('answers bad input with one line on stderr and exit code 2', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '0.5,0.5\n0.2,x\n');
    const runs = await Promise.all([
      run('kl', '--p', '[0.1, 0.2, 0.8]', '--q', '[0.3, 0.3, 0.4]'),
      run('entropy', '--p', bad),
      run('entropy', '--p', 'no-such-file'),
      run('kl', '--p', '[0.5, 0.5]'),
      run('f', '--f', 'hellinger', '--p', '[0.5, 0.5]', '--q', '[0.5, 0.5]'),
      run('perplexity', '--p', '[1]'),
    ]);
    const lines = runs.map((r) => {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      return r.stderr.trim();
    });
    expect(lines).toEqual([
      "divergent: p: sums to 1.1, not 1 (tolerance 0.000001); pass probabilities that sum to 1, or set normalize: true (--normalize on the command line) or from: 'counts' (--from counts)",
      `divergent: --p ${bad}: line 2, column 2: expected a number, found "x"`,
      'divergent: --p: "no-such-file" is neither a JSON array (like [0.2, 0.8]) nor an existing file',
      'divergent: --q: is required for kl',
      'divergent: --f: unknown f-divergence "hellinger"; valid: kl, reverse-kl, js, pearson, neyman, squared-hellinger, total-variation, jeffreys, alpha (with --alpha)',
      'divergent: measure: unknown measure "perplexity"; valid: entropy, cross-entropy, kl, js, js-distance, f, renyi, mi',
    ]);
  });
});
