import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpy, readNpy } from './npy.js';
import { parsePythonLiteral } from './python-literal.js';

/** A version-1 .npy file laid out as numpy.save writes it (header padded to a multiple of 64). */
function npyBytes(header: string, body: Uint8Array, version = 1): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  let text = header;
  while ((8 + lengthBytes + text.length + 1) % 64 !== 0) text += ' ';
  text += '\n';
  const out = new Uint8Array(8 + lengthBytes + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), 8 + lengthBytes);
  out.set(body, 8 + lengthBytes + text.length);
  return out;
}

const f32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);

describe('parsePythonLiteral', () => {
  it('reads the dict numpy writes, with tuples, booleans, trailing commas and Python 2 longs', () => {
    expect(parsePythonLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")).toEqual({
      descr: '<f4',
      fortran_order: false,
      shape: [2, 3],
    });
    expect(parsePythonLiteral('{"shape": (5,), "x": [None, True]}')).toEqual({ shape: [5], x: [null, true] });
    expect(parsePythonLiteral("{'shape': (3L, 4L)}")).toEqual({ shape: [3, 4] });
  });

  it('refuses code: calls, names and trailing text are errors, never evaluated', () => {
    expect(() => parsePythonLiteral("{'descr': __import__('os')}")).toThrow('expected a Python literal');
    expect(() => parsePythonLiteral("{'a': 1} + 1")).toThrow('unexpected text after the literal');
  });
});

describe('parseNpy', () => {
  it('reads little-endian float32 in C order', () => {
    const a = parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f32(0.5, 1, 0, 0.25)), 'a.npy');
    expect(a).toEqual({ dtype: 'float32', shape: [2, 2], data: Float32Array.of(0.5, 1, 0, 0.25) });
  });

  it('reads uint8, big-endian int32, float64 and int64, and format version 2', () => {
    expect(Array.from(parseNpy(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", Uint8Array.of(0, 128, 255)), 'u').data)).toEqual([0, 128, 255]);
    const be = parseNpy(npyBytes("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", Uint8Array.of(0xff, 0xff, 0xff, 0xfd)), 'b');
    expect([be.dtype, be.data[0]]).toEqual(['int32', -3]);
    const f8 = new Uint8Array(Float64Array.of(Math.PI).buffer);
    expect(parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8, 2), 'v2').data[0]).toBe(Math.PI);
    const i8 = new Uint8Array(BigInt64Array.of(-7n, 9007199254740991n).buffer);
    expect(Array.from(parseNpy(npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i8), 'i8').data)).toEqual([-7, 9007199254740991]);
  });

  it('reorders Fortran-order data into row-major order', () => {
    // np.asfortranarray([[1, 2, 3], [4, 5, 6]]) is stored column by column: 1 4 2 5 3 6.
    const a = parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", f32(1, 4, 2, 5, 3, 6)), 'f.npy');
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses pickled object arrays and structured dtypes', () => {
    expect(() => parseNpy(npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", Uint8Array.of(0x80)), 'obj.npy')).toThrow(
      'obj.npy: object arrays are stored pickled and divergent never unpickles them',
    );
    expect(() => parseNpy(npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", f32(1)), 's.npy')).toThrow(
      'structured (record) arrays are not supported',
    );
    expect(() => parseNpy(npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", f32(1, 2)), 'c.npy')).toThrow(
      'c.npy: unsupported dtype "<c8"',
    );
  });

  it('names the file and the expected and found sizes when the data are truncated', () => {
    const bytes = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f32(1, 2, 3, 4));
    expect(() => parseNpy(bytes, 'cut.npy')).toThrow(
      "cut.npy: truncated data: the header says <f4 (2, 3), so expected 24 data bytes, found 16",
    );
    expect(() => parseNpy(bytes.subarray(0, 30), 'cut.npy')).toThrow('cut.npy: truncated header: expected 118 header bytes, found 20');
    expect(() => parseNpy(new TextEncoder().encode('PK\x03\x04 this is a zip'), 'z.npz')).toThrow('z.npz: not a .npy file');
    expect(() => parseNpy(npyBytes("{'descr': '<f4', 'shape': (1,), }", f32(1)), 'h.npy')).toThrow(
      "h.npy: bad .npy header: expected 'fortran_order' to be True or False, found undefined",
    );
  });

  describe('on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'divergent-npy-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('reads a file written to disk', () => {
      const file = join(dir, 'x.npy');
      writeFileSync(file, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", f32(0.125, 0.75)));
      expect(Array.from(readNpy(file).data)).toEqual([0.125, 0.75]);
    });
  });
});
