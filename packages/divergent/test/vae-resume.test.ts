// A training process killed with SIGKILL in the middle of an epoch loses at most that epoch:
// --resume continues from the last checkpoint and ends where an uninterrupted run ends.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ARGS = ['train', 'vae', '--limit-train', '4000', '--limit-test', '100', '--hidden', '32', '--latent', '4', '--batch', '20', '--seed', '5', '--epochs', '3'];

function train(out: string, ...extra: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...ARGS, '--out', out, ...extra], { encoding: 'utf8' }, (err, _stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

function metrics(run: string): { epoch: number; loss: number; test_elbo: number }[] {
  return readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function checkpointEpoch(run: string): number | null {
  const file = join(run, 'checkpoint', 'state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { epoch: number }).epoch : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL mid-epoch, then --resume', () => {
  it('continues from the last checkpoint and logs every epoch exactly once, matching an uninterrupted run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'div-kill-'));
    const killed = join(root, 'killed');
    const straight = join(root, 'straight');
    const reference = train(straight);

    const child = spawn(process.execPath, [CLI, ...ARGS, '--out', killed], { stdio: 'ignore' });
    let done = false;
    const exited = new Promise((r) => child.on('exit', (code) => r((done = true, code))));
    // Wait for the first checkpoint, then kill somewhere inside epoch 2 (200 steps long).
    while (checkpointEpoch(killed) == null && !done) await sleep(50);
    expect(done, 'the training process ended before its first checkpoint').toBe(false);
    await sleep(300);
    child.kill('SIGKILL');
    await exited;
    const epochAtKill = checkpointEpoch(killed)!;
    expect(epochAtKill).toBeGreaterThanOrEqual(1);
    expect(epochAtKill).toBeLessThan(3); // really killed before the end

    const resumed = await train(killed, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await reference).code).toBe(0);
    const a = metrics(killed);
    const b = metrics(straight);
    expect(a.map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(checkpointEpoch(killed)).toBe(3);
    // Same seed, same batches, same noise: the resumed run retraces the uninterrupted one.
    for (let i = 0; i < 3; i++) {
      expect(a[i].loss).toBeCloseTo(b[i].loss, 2);
      expect(a[i].test_elbo).toBeCloseTo(b[i].test_elbo, 2);
    }
  });
});
