import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { parseIdx, readIdx } from './idx.js';

const dir = mkdtempSync(join(tmpdir(), 'divergent-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file written byte by byte, as the format's description lays it out. */
function idxBytes(type: number, shape: number[], body: number[]): Uint8Array {
  const head = [0, 0, type, shape.length];
  for (const d of shape) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...head, ...body]);
}

describe('parseIdx', () => {
  it('reads a 2x3 uint8 array in row-major order', () => {
    const a = parseIdx(idxBytes(0x08, [2, 3], [0, 1, 2, 253, 254, 255]), 'a.idx');
    expect(a.dtype).toBe('uint8');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('reads big-endian int32 and float32', () => {
    // -2 as int32 big-endian is ff ff ff fe; 1.5 as float32 is 3f c0 00 00.
    expect(Array.from(parseIdx(idxBytes(0x0c, [1], [0xff, 0xff, 0xff, 0xfe]), 'i').data)).toEqual([-2]);
    expect(Array.from(parseIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0, 0]), 'f').data)).toEqual([1.5]);
  });

  it('names the file and the expected and found sizes for a truncated file', () => {
    const bytes = idxBytes(0x08, [2, 3], [1, 2, 3, 4]);
    expect(() => parseIdx(bytes, 'short.idx')).toThrow(DivergentInputError);
    expect(() => parseIdx(bytes, 'short.idx')).toThrow(
      'short.idx: truncated: the header says uint8 (2, 3), so expected 18 bytes, found 16',
    );
  });

  it('refuses trailing bytes, a bad magic number, a bad type code and a gzip file', () => {
    expect(() => parseIdx(idxBytes(0x08, [1], [1, 2]), 'long')).toThrow('trailing bytes');
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'bad')).toThrow(
      'bad: not an IDX file: expected the magic number to start with 0x00 0x00, found 0x01 0x00',
    );
    expect(() => parseIdx(Uint8Array.from([0, 0, 7, 1, 0, 0, 0, 0]), 'type')).toThrow('found 0x07');
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'gz')).toThrow('gunzip');
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'head')).toThrow(
      'head: truncated header: expected 16 bytes for 3 dimensions, found 6',
    );
  });

  it('reads from disk and names a missing file', () => {
    const file = join(dir, 'x.idx');
    writeFileSync(file, idxBytes(0x0e, [1], [0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18]));
    expect(readIdx(file).data[0]).toBe(3.141592653589793);
    expect(() => readIdx(join(dir, 'none.idx'))).toThrow(`${join(dir, 'none.idx')}: no such file`);
  });
});
