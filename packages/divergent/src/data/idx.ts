// Reader for the IDX format of LeCun's MNIST files (http://yann.lecun.com/exdb/mnist/):
// two zero bytes, a type code, the number of dimensions, then each dimension as a big-endian
// uint32, then the data, big-endian, in row-major order. Everything is checked against the
// header so that a truncated download or a wrong file gives a message, never garbage.
import { readFileSync } from 'node:fs';
import { DivergentInputError } from '../errors.js';
import { formatShape, sizeOf, type NdArray, type NumericArray } from './array.js';

interface IdxType {
  name: string;
  bytes: number;
  read(view: DataView, offset: number): number;
  make(n: number): NumericArray;
}

const IDX_TYPES: Record<number, IdxType> = {
  0x08: { name: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  0x09: { name: 'int8', bytes: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) },
  0x0b: { name: 'int16', bytes: 2, read: (v, o) => v.getInt16(o), make: (n) => new Int16Array(n) },
  0x0c: { name: 'int32', bytes: 4, read: (v, o) => v.getInt32(o), make: (n) => new Int32Array(n) },
  0x0d: { name: 'float32', bytes: 4, read: (v, o) => v.getFloat32(o), make: (n) => new Float32Array(n) },
  0x0e: { name: 'float64', bytes: 8, read: (v, o) => v.getFloat64(o), make: (n) => new Float64Array(n) },
};

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/** Parses the bytes of an IDX file; `file` names it in error messages. */
export function parseIdx(bytes: Uint8Array, file: string): NdArray {
  const fail = (message: string) => new DivergentInputError(file, message);
  if (bytes.length < 4) {
    throw fail(`not an IDX file: expected a 4-byte magic number, found ${bytes.length} bytes in the file`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw fail(
      `not an IDX file: expected the magic number to start with 0x00 0x00, found ${hex(bytes[0])} ${hex(bytes[1])}` +
        (bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (the file is gzip-compressed: gunzip it first)' : ''),
    );
  }
  const type = IDX_TYPES[bytes[2]];
  if (!type) {
    throw fail(
      `not an IDX file: expected a type code in {${Object.keys(IDX_TYPES).map((k) => hex(Number(k))).join(', ')}}, found ${hex(bytes[2])}`,
    );
  }
  const ndim = bytes[3];
  if (ndim === 0) throw fail('expected at least one dimension in the IDX header, found 0');
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw fail(`truncated header: expected ${headerBytes} bytes for ${ndim} dimensions, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d));
  const n = sizeOf(shape);
  const expected = headerBytes + n * type.bytes;
  if (bytes.length !== expected) {
    throw fail(
      `${bytes.length < expected ? 'truncated' : 'trailing bytes'}: the header says ${type.name} ${formatShape(shape)}, ` +
        `so expected ${expected} bytes, found ${bytes.length}`,
    );
  }
  if (type.bytes === 1 && type.name === 'uint8') {
    // The common case (all of MNIST): a view of the bytes, no copy and no per-element work.
    return { dtype: type.name, shape, data: bytes.subarray(headerBytes, expected) };
  }
  const data = type.make(n);
  for (let i = 0, o = headerBytes; i < n; i++, o += type.bytes) data[i] = type.read(view, o);
  return { dtype: type.name, shape, data };
}

/** Reads and parses an IDX file. */
export function readIdx(file: string): NdArray {
  return parseIdx(readFileBytes(file), file);
}

/** The bytes of a file, or a DivergentInputError naming it when it cannot be read. */
export function readFileBytes(file: string): Uint8Array {
  try {
    const buf = readFileSync(file);
    // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies.
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DivergentInputError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`);
  }
}
