// Files and folders a run writes are replaced, never edited in place: everything is written
// under a temporary name and renamed, so a process killed at any instant (SIGKILL included)
// leaves either the old version or the new one, never a half-written mix.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `file` through a temporary file in the same folder and a rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Writes a value as indented JSON, atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The name a folder's previous version has while its replacement is being moved into place. */
function previousName(dir: string): string {
  return `${dir}.old`;
}

/**
 * Replaces the folder `dir` by one that `write` fills. The new contents are written under a
 * temporary name; the previous folder is kept (as `dir.old`) until the new one is in place.
 */
export async function replaceDirAtomic(dir: string, write: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // Leftovers of runs killed while writing are incomplete by construction.
  const stalePrefix = `${basename(dir)}.tmp-`;
  for (const name of readdirSync(parent)) {
    if (name.startsWith(stalePrefix)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp);
  try {
    await write(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = previousName(dir);
  if (existsSync(dir)) {
    rmSync(old, { recursive: true, force: true });
    renameSync(dir, old);
  }
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The folder to read for `dir`: itself, or its previous version when a kill fell between
 * the two renames of replaceDirAtomic; null when neither exists.
 */
export function existingDir(dir: string): string | null {
  if (existsSync(dir)) return dir;
  const old = previousName(dir);
  return existsSync(old) ? old : null;
}
