import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existingDir, replaceDirAtomic } from './atomic.js';

describe('replaceDirAtomic', () => {
  it('replaces the folder and leaves no temporary or previous copy behind', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'div-at-')), 'ckpt');
    await replaceDirAtomic(dir, (tmp) => writeFileSync(join(tmp, 'a'), '1'));
    await replaceDirAtomic(dir, (tmp) => writeFileSync(join(tmp, 'a'), '2'));
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('2');
    expect(existsSync(`${dir}.old`)).toBe(false);
  });

  it('keeps the previous folder intact when writing the new one fails', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'div-at-')), 'ckpt');
    await replaceDirAtomic(dir, (tmp) => writeFileSync(join(tmp, 'a'), 'good'));
    await expect(
      replaceDirAtomic(dir, (tmp) => {
        writeFileSync(join(tmp, 'a'), 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('good');
  });

  it('reads the previous version when a kill fell between the two renames', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'div-at-')), 'ckpt');
    mkdirSync(dir);
    renameSync(dir, `${dir}.old`);
    expect(existingDir(dir)).toBe(`${dir}.old`);
  });
});
