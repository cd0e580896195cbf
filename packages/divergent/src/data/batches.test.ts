import { describe, expect, it } from 'vitest';
import { BatchIterator } from './batches.js';
import type { DataSplit } from './dataset.js';

// 10 examples of dimension 2; example i holds (i/10, 1 - i/10) and label i.
const split: DataSplit = {
  images: Float32Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? k / 20 : 1 - (k - 1) / 20)),
  labels: Int32Array.from({ length: 10 }, (_, i) => i),
  n: 10,
};

function epochIndices(it: BatchIterator): number[][] {
  return [...it.epochBatches()].map((b) => Array.from(b.indices));
}

describe('BatchIterator', () => {
  it('serves every example once per epoch, in a new order each epoch, with rows and labels matching', () => {
    const it = new BatchIterator(split, { batchSize: 4, seed: 1 });
    expect(it.batchesPerEpoch).toBe(3);
    const batches = [...it.epochBatches()];
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(batches.map((b) => b.index)).toEqual([0, 1, 2]);
    const first = batches.flatMap((b) => Array.from(b.indices));
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const b of batches) {
      for (let k = 0; k < b.size; k++) {
        const i = b.indices[k];
        expect(b.labels![k]).toBe(i);
        expect(b.x[2 * k]).toBeCloseTo(i / 10, 6);
        expect(b.x[2 * k + 1]).toBeCloseTo(1 - i / 10, 6);
      }
    }
    expect(it.epoch).toBe(1);
    const second = epochIndices(it).flat();
    expect(second).not.toEqual(first);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the natural order without shuffling and drops the remainder when asked', () => {
    const it = new BatchIterator(split, { batchSize: 4, seed: 1, shuffle: false, dropRemainder: true });
    expect(epochIndices(it)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('resumes from a saved state (through JSON) with exactly the batches and binary draws of the uninterrupted run', () => {
    const opts = { batchSize: 3, seed: 42, binarize: true };
    const whole = new BatchIterator(split, opts);
    const reference = [...whole.epochBatches(), ...whole.epochBatches()];

    const first = new BatchIterator(split, opts);
    const gen = first.epochBatches();
    gen.next();
    gen.next(); // two batches of epoch 0 consumed, then the process "dies"
    const saved = JSON.parse(JSON.stringify(first.state()));
    const resumed = new BatchIterator(split, opts, saved);
    const rest = [...resumed.epochBatches(), ...resumed.epochBatches()];
    expect(rest.length).toBe(reference.length - 2);
    rest.forEach((b, k) => {
      const r = reference[k + 2];
      expect([b.epoch, b.index]).toEqual([r.epoch, r.index]);
      expect(Array.from(b.indices)).toEqual(Array.from(r.indices));
      expect(Array.from(b.x)).toEqual(Array.from(r.x));
    });
    expect(rest.flatMap((b) => Array.from(b.x)).every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('writes every batch into one array with reuseArrays, with the values and draws of fresh arrays', () => {
    const opts = { batchSize: 4, seed: 7, binarize: true };
    const fresh = new BatchIterator(split, opts);
    const reused = new BatchIterator(split, { ...opts, reuseArrays: true });
    for (let epoch = 0; epoch < 2; epoch++) {
      const expected = [...fresh.epochBatches()].map((b) => Array.from(b.x));
      const buffers: ArrayBufferLike[] = [];
      const got: number[][] = [];
      for (const b of reused.epochBatches()) {
        buffers.push(b.x.buffer);
        got.push(Array.from(b.x)); // read before the next batch overwrites it
      }
      expect(got).toEqual(expected);
      expect(got.map((x) => x.length)).toEqual([8, 8, 4]); // the smaller last batch is a shorter view
      expect(new Set(buffers).size).toBe(1);
    }
    expect(reused.state()).toEqual(fresh.state());
  });

  it('refuses a state saved for other data or batch size, and a bad batch size', () => {
    const state = new BatchIterator(split, { batchSize: 3, seed: 1 }).state();
    expect(() => new BatchIterator(split, { batchSize: 5, seed: 1 }, state)).toThrow(
      'state: saved for 10 examples in batches of 3, but resumed with 10 in batches of 5',
    );
    expect(() => new BatchIterator(split, { batchSize: 0, seed: 1 })).toThrow('batchSize: expected a positive integer, found 0');
  });
});
