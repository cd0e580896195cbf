import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingProgress } from './progress.js';

/** A stream that swallows output, posing as a terminal or not. */
function sink(isTTY: boolean): NodeJS.WriteStream {
  const s = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;
  Object.assign(s, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return s;
}

describe('TrainingProgress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for bar updates at most every 100 ms, always for the last step, never without a terminal', () => {
    const opts = { totalSteps: 50, startStep: 0, epochs: 1 };
    const plain = new TrainingProgress({ ...opts, stream: sink(false) });
    expect([1, 49, 50].map((s) => plain.due(s))).toEqual([false, false, false]);

    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const bar = new TrainingProgress({ ...opts, stream: sink(true) });
    expect(bar.due(1)).toBe(true);
    bar.update(1, 1, { loss: 1 });
    vi.setSystemTime(99);
    expect(bar.due(2)).toBe(false);
    expect(bar.due(50)).toBe(true);
    vi.setSystemTime(100);
    expect(bar.due(2)).toBe(true);
    bar.stop();
  });
});
