// End to end: the built command line rewrites a run's report, and a wrong folder exits 2 with one line.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'divergent-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('divergent report DIR', () => {
  it('writes DIR/report.html holding the logged numbers', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model: 'vae', seed: 3 }));
    writeFileSync(join(dir, 'metrics.jsonl'), '{"epoch":1,"loss":99.5,"elbo":-99.5,"kl":12.25,"test_elbo":-97.75}\n');
    const out = execFileSync(process.execPath, [main, 'report', dir], { encoding: 'utf8' });
    expect(out.trim()).toBe(`wrote ${join(dir, 'report.html')}`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<tr><th>test_elbo</th><td>-97.75</td></tr>');
  });

  it('exits with code 2 and a one-line message for a folder that is not a run', () => {
    const empty = mkdtempSync(join(dir, 'x-'));
    const r = spawnSync(process.execPath, [main, 'report', empty], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`divergent: DIR: ${empty} is not a run folder (no config.json)`);
  });
});
