import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'divergent-userdata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function idx(type: number, shape: number[], body: number[]): Uint8Array {
  const head = [0, 0, type, shape.length];
  for (const d of shape) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...head, ...body]);
}

describe('loadDataset on the user’s files', () => {
  it('scales an 8-bit CSV of 2x2 images by 1/255, keeps labels, and holds out a seeded fraction', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i % 3},${i},${2 * i},${255 - i},0`);
    const csv = file('pix.csv', `label,a,b,c,d\n${rows.join('\n')}\n`);
    const d = loadDataset(csv, { testFraction: 0.3, seed: 4 });
    expect([d.dim, d.eightBit, d.train.n, d.test.n]).toEqual([4, true, 7, 3]);
    expect(d.imageShape).toEqual([2, 2]);
    // Every example lands in exactly one split, with its own label and pixels / 255.
    const seen = new Set<number>();
    for (const s of [d.train, d.test]) {
      for (let k = 0; k < s.n; k++) {
        const i = Math.round(s.images[4 * k] * 255);
        seen.add(i);
        expect(s.labels![k]).toBe(i % 3);
        expect(s.images[4 * k + 2]).toBeCloseTo((255 - i) / 255, 6);
      }
    }
    expect(seen.size).toBe(10);
    // The same seed gives the same split; another seed another one.
    expect(Array.from(loadDataset(csv, { testFraction: 0.3, seed: 4 }).test.images)).toEqual(Array.from(d.test.images));
    expect(Array.from(loadDataset(csv, { testFraction: 0.3, seed: 5 }).test.images)).not.toEqual(Array.from(d.test.images));
  });

  it('reads an IDX image file with its sibling labels and a separate IDX test file', () => {
    const train = file('my-images-idx3-ubyte', idx(0x08, [2, 1, 3], [0, 51, 255, 102, 0, 0]));
    file('my-labels-idx1-ubyte', idx(0x08, [2], [4, 9]));
    const test = file('t-images-idx3-ubyte', idx(0x08, [1, 1, 3], [255, 255, 0]));
    const d = loadDataset(train, { test });
    expect(d.imageShape).toEqual([1, 3]);
    expect(Array.from(d.train.images)).toEqual([0, 0.2, 1, 0.4, 0, 0].map(Math.fround));
    expect(Array.from(d.train.labels!)).toEqual([4, 9]);
    expect(Array.from(d.test.images)).toEqual([1, 1, 0]);
    expect(d.test.labels).toBeNull();
  });

  it('keeps continuous values in [0, 1] raw and refuses values outside', () => {
    const d = loadDataset(file('cont.csv', '0.5,0.25\n0.125,1\n0,0\n'), { testFraction: 0.34 });
    expect(d.eightBit).toBe(false);
    expect([...d.train.images, ...d.test.images].sort()).toEqual([0, 0, 0.125, 0.25, 0.5, 1]);
    expect(() => loadDataset(file('neg.csv', '0.5,-0.1\n0,0\n'))).toThrow(
      'neg.csv: expected values in [0, 1] or 8-bit integers 0..255, found -0.1 at flat index 1',
    );
    expect(() => loadDataset(file('big.csv', '0.5,3.5\n0,0\n'))).toThrow('found 3.5 at flat index 1: scale the data into [0, 1]');
  });

  it('names the mismatched file: test shape, label count, both test options, a bad fraction, an unknown name', () => {
    const train = file('a.csv', '1,2,3\n4,5,6\n');
    const test = file('b.csv', '1,2\n');
    expect(() => loadDataset(train, { test })).toThrow(`${test}: expected examples of shape (3,) like ${train}, found (2,)`);
    const img = file('x-images.idx', idx(0x08, [2, 2], [1, 2, 3, 4]));
    const labels = file('x-labels.idx', idx(0x08, [3], [1, 2, 3]));
    expect(() => loadDataset(img, { labels })).toThrow(`${labels}: expected 2 labels (one per example), found an array of shape (3,)`);
    expect(() => loadDataset(train, { test, testFraction: 0.5 })).toThrow('testFraction: give either a test file or a test fraction, not both');
    expect(() => loadDataset(train, { testFraction: 0.1 })).toThrow('leaves 0 for testing and 2 for training');
    expect(() => loadDataset(train, { testFraction: 1 })).toThrow('testFraction: expected a number strictly between 0 and 1, found 1');
    expect(() => loadDataset('mnsit')).toThrow('dataset: "mnsit" is neither a known dataset (mnist, fashion-mnist) nor an existing file');
    expect(() => loadDataset('mnist', { testFraction: 0.2 })).toThrow('testFraction: applies to the user');
    expect(() => loadDataset(file('pic.png', '\x89PNG'))).toThrow('pic.png: unrecognised format');
    expect(() => loadDataset(file('vec.idx', idx(0x08, [3], [1, 2, 3])))).toThrow('expected an array of examples of shape (n, ...) with n >= 1, found (3,)');
  });

  it('rejects a truncated .npy data file by name', () => {
    const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (4, 4), }";
    const head = new Uint8Array(10 + header.length + 1);
    head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length + 1, 0]);
    head.set(new TextEncoder().encode(`${header}\n`), 10);
    const cut = file('cut.npy', Uint8Array.from([...head, 1, 2, 3]));
    expect(() => loadDataset(cut)).toThrow(`${cut}: truncated data: the header says |u1 (4, 4), so expected 16 data bytes, found 3`);
  });
});
