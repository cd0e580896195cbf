// metrics.jsonl: one JSON object per line, one line per epoch, appended as epochs finish.
// On resume the lines of epochs the checkpoint does not contain are dropped, so the log and
// the checkpoint always tell the same story.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

export const METRICS_FILE = 'metrics.jsonl';

export type MetricsLine = { epoch: number } & Record<string, number | boolean | string>;

/** Appends one line to runDir/metrics.jsonl. */
export function appendMetrics(runDir: string, line: MetricsLine): void {
  appendFileSync(join(runDir, METRICS_FILE), `${JSON.stringify(line)}\n`);
}

/** Every complete line of runDir/metrics.jsonl (a torn last line, from a kill mid-write, is skipped). */
export function readMetrics(runDir: string): MetricsLine[] {
  const file = join(runDir, METRICS_FILE);
  if (!existsSync(file)) return [];
  const lines: MetricsLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      lines.push(JSON.parse(text) as MetricsLine);
    } catch {
      // only the line being written when the process died can be incomplete
    }
  }
  return lines;
}

/** Keeps the lines of epochs 1..lastEpoch (rewritten atomically) and returns them. */
export function truncateMetrics(runDir: string, lastEpoch: number): MetricsLine[] {
  const kept = readMetrics(runDir).filter((l) => l.epoch <= lastEpoch);
  writeFileAtomic(join(runDir, METRICS_FILE), kept.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return kept;
}
