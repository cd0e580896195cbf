// Reader for NumPy's .npy format (numpy.lib.format, versions 1-3): the magic "\x93NUMPY", a
// version, a header length, a Python-literal dict {'descr', 'fortran_order', 'shape'}, then
// the raw data. Object arrays are refused: numpy stores them pickled, and unpickling runs code.
import { DivergentInputError } from '../errors.js';
import { formatShape, sizeOf, type NdArray, type NumericArray } from './array.js';
import { readFileBytes } from './idx.js';
import { parsePythonLiteral, PyLiteralError, type PyValue } from './python-literal.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type TypedArrayClass = new (n: number) => NumericArray;

interface NpyType {
  name: string;
  /** The typed array with this element type; null where none exists (64-bit integers). */
  array: TypedArrayClass | null;
  read(view: DataView, offset: number, little: boolean): number;
}

// Keyed by kind and item size, e.g. 'f4'. 64-bit integers become float64 (exact up to 2^53).
const NPY_TYPES: Record<string, NpyType> = {
  b1: { name: 'bool', array: Uint8Array, read: (v, o) => v.getUint8(o) },
  u1: { name: 'uint8', array: Uint8Array, read: (v, o) => v.getUint8(o) },
  i1: { name: 'int8', array: Int8Array, read: (v, o) => v.getInt8(o) },
  u2: { name: 'uint16', array: Uint16Array, read: (v, o, le) => v.getUint16(o, le) },
  i2: { name: 'int16', array: Int16Array, read: (v, o, le) => v.getInt16(o, le) },
  u4: { name: 'uint32', array: Uint32Array, read: (v, o, le) => v.getUint32(o, le) },
  i4: { name: 'int32', array: Int32Array, read: (v, o, le) => v.getInt32(o, le) },
  u8: { name: 'uint64', array: null, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
  i8: { name: 'int64', array: null, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  f4: { name: 'float32', array: Float32Array, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { name: 'float64', array: Float64Array, read: (v, o, le) => v.getFloat64(o, le) },
};

const makeArray = (type: NpyType, n: number): NumericArray => new (type.array ?? Float64Array)(n);

/** Parses the bytes of a .npy file; `file` names it in error messages. */
export function parseNpy(bytes: Uint8Array, file: string): NdArray {
  const fail = (message: string) => new DivergentInputError(file, message);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw fail(`not a .npy file: expected the magic string \\x93NUMPY, found ${JSON.stringify(String.fromCharCode(...bytes.subarray(0, 6)))}`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(`expected .npy format version 1, 2 or 3, found ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw fail('truncated header: the file ends inside the header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) {
    throw fail(`truncated header: expected ${headerLength} header bytes, found ${bytes.length - 8 - lengthBytes}`);
  }
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const header = parseHeader(headerText, file);

  const [, order, kind] = /^([<>|=])?([a-zA-Z]\d*)$/.exec(header.descr) ?? [];
  if (kind === 'O' || kind === 'O8' || kind === 'O4') {
    throw fail(
      'object arrays are stored pickled and divergent never unpickles them: save a numeric array (e.g. np.save(path, x.astype(np.float32)))',
    );
  }
  const type = kind ? NPY_TYPES[kind] : undefined;
  if (!type) {
    throw fail(
      `unsupported dtype ${JSON.stringify(header.descr)}: expected one of ${Object.keys(NPY_TYPES).map((k) => `<${k}`).join(', ')} (or big-endian '>')`,
    );
  }
  const itemSize = Number(kind.slice(1));
  const n = sizeOf(header.shape);
  const expected = dataStart + n * itemSize;
  if (bytes.length !== expected) {
    throw fail(
      `${bytes.length < expected ? 'truncated data' : 'trailing bytes'}: the header says ${header.descr} ${formatShape(header.shape)}, ` +
        `so expected ${n * itemSize} data bytes, found ${bytes.length - dataStart}`,
    );
  }
  const little = order !== '>';
  let data: NumericArray;
  if ((little || itemSize === 1) && type.array) {
    // Same layout as the host's (little-endian) typed arrays: one aligned copy, no per-element work.
    data = new (type.array as unknown as new (b: ArrayBuffer) => NumericArray)(bytes.slice(dataStart, expected).buffer);
  } else {
    data = makeArray(type, n);
    for (let i = 0, o = dataStart; i < n; i++, o += itemSize) data[i] = type.read(view, o, little);
  }
  return {
    dtype: type.name,
    shape: header.shape,
    data: header.fortranOrder ? fortranToC(data, header.shape, type) : data,
  };
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(text: string, file: string): NpyHeader {
  const fail = (message: string) => new DivergentInputError(file, `bad .npy header: ${message}`);
  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (err) {
    if (err instanceof PyLiteralError) throw fail(err.message);
    throw err;
  }
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) throw fail(`expected a dict, found ${text.trim()}`);
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (Array.isArray(descr)) {
    throw fail('structured (record) arrays are not supported: save a plain numeric array');
  }
  if (typeof descr !== 'string') throw fail(`expected 'descr' to be a string, found ${JSON.stringify(descr)}`);
  if (typeof fortranOrder !== 'boolean') throw fail(`expected 'fortran_order' to be True or False, found ${JSON.stringify(fortranOrder)}`);
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw fail(`expected 'shape' to be a tuple of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  return { descr, fortranOrder, shape: shape as number[] };
}

/** Reorders column-major data into row-major order for the same shape. */
function fortranToC(src: NumericArray, shape: number[], type: NpyType): NumericArray {
  const out = makeArray(type, src.length);
  const nd = shape.length;
  // Column-major strides: the first index varies fastest.
  const fStride: number[] = [];
  for (let d = 0, s = 1; d < nd; d++) {
    fStride.push(s);
    s *= shape[d];
  }
  const index = new Array<number>(nd).fill(0);
  for (let c = 0; c < out.length; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += index[d] * fStride[d];
    out[c] = src[f];
    for (let d = nd - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Reads and parses a .npy file. */
export function readNpy(file: string): NdArray {
  return parseNpy(readFileBytes(file), file);
}
