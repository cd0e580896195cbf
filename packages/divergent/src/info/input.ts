// Arrays in, distributions out: reads number[], Float32Array, Float64Array and nested arrays
// into contiguous float64 rows (one distribution per row, the chosen axis last), converts
// counts, logits and log-probabilities, and refuses anything that is not a distribution with
// an error naming the argument, the index and the value. Nothing is renormalised unless the
// caller asked for it.
import { DivergentInputError } from '../errors.js';
import type { CheckedOptions } from './options.js';

/** An array input: a flat vector or a nested batch of them. */
export type ArrayInput = number[] | Float32Array | Float64Array | readonly ArrayInput[];

/** A batch of distributions as contiguous rows, with what is needed to name an entry. */
export interface Rows {
  /** rows × cols values, row-major, the distribution axis last. */
  data: Float64Array;
  rows: number;
  cols: number;
  /** The input's own shape and the (non-negative) distribution axis in it. */
  shape: number[];
  axis: number;
  /** The shape of the result: the input's shape without the axis ([] for one distribution). */
  outShape: number[];
  /** True when the numbers arrived as float32, which loosens the sum-to-1 tolerance. */
  float32: boolean;
}

/** Rows of probabilities, and their exact logarithms where the input was in log space. */
export interface Dist extends Rows {
  p: Float64Array;
  logp: Float64Array | null;
}

export function isArrayInput(x: unknown): x is ArrayInput {
  return Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array;
}

function formatShape(shape: number[]): string {
  return `[${shape.join(', ')}]`;
}

function readFlat(x: unknown, name: string): { data: Float64Array; shape: number[]; float32: boolean } {
  if (x instanceof Float64Array) return { data: x, shape: [x.length], float32: false };
  if (x instanceof Float32Array) return { data: Float64Array.from(x), shape: [x.length], float32: true };
  if (!Array.isArray(x)) {
    throw new DivergentInputError(
      name,
      `expected an array of numbers, a Float32Array, a Float64Array, nested arrays or a tf.Tensor; got ${x === null ? 'null' : typeof x}`,
    );
  }
  // The shape is read off the first element at each depth; every other element must agree.
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur) && cur.length > 0) {
    shape.push(cur.length);
    cur = cur[0];
  }
  if (Array.isArray(cur)) shape.push(0);
  else if (cur instanceof Float64Array || cur instanceof Float32Array) shape.push(cur.length);
  if (shape.includes(0)) throw new DivergentInputError(name, `is empty (shape ${formatShape(shape)}); a distribution needs at least one entry`);
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let float32 = false;
  let at = 0;
  const walk = (node: unknown, depth: number, path: number[]): void => {
    const isTyped = node instanceof Float64Array || node instanceof Float32Array;
    if (!Array.isArray(node) && !isTyped) {
      throw new DivergentInputError(name, `entry ${formatShape(path)} is ${describe(node)}, not an array (expected shape ${formatShape(shape)})`);
    }
    const arr = node as ArrayLike<unknown>;
    if (arr.length !== shape[depth]) {
      throw new DivergentInputError(name, `${path.length ? `row ${formatShape(path)}` : 'the array'} has length ${arr.length}, expected ${shape[depth]} (rows must all have the same length)`);
    }
    if (depth === shape.length - 1) {
      if (node instanceof Float32Array) float32 = true;
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (typeof v !== 'number') {
          throw new DivergentInputError(name, `entry ${shape.length === 1 ? i : formatShape([...path, i])} is ${describe(v)}, not a number`);
        }
        data[at++] = v;
      }
    } else {
      for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, [...path, i]);
    }
  };
  walk(x, 0, []);
  return { data, shape, float32 };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}

/** Reads an array input into contiguous rows along `axis`. */
export function readRows(x: unknown, name: string, axis: number, float32Hint = false): Rows {
  const flat = readFlat(x, name);
  const { data, shape } = flat;
  const float32 = flat.float32 || float32Hint;
  const rank = shape.length;
  const ax = axis < 0 ? rank + axis : axis;
  if (ax < 0 || ax >= rank) {
    throw new DivergentInputError('axis', `${axis} is out of range for ${name} of shape ${formatShape(shape)}; valid: ${-rank} to ${rank - 1}`);
  }
  const cols = shape[ax];
  const outShape = shape.filter((_, i) => i !== ax);
  const rows = data.length / cols;
  if (ax === rank - 1) return { data, rows, cols, shape, axis: ax, outShape, float32 };
  // Move the distribution axis last so that each distribution is one contiguous row.
  const inner = shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const moved = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) {
    const o = Math.floor(r / inner);
    const i = r % inner;
    for (let k = 0; k < cols; k++) moved[r * cols + k] = data[(o * cols + k) * inner + i];
  }
  return { data: moved, rows, cols, shape, axis: ax, outShape, float32 };
}

/** The input's own index of row r, column k, as the user would write it. */
export function entryIndex(d: Rows, r: number, k: number): string {
  if (d.shape.length === 1) return String(k);
  const outIdx = unravel(r, d.outShape);
  outIdx.splice(d.axis, 0, k);
  return formatShape(outIdx);
}

function rowLabel(d: Rows, r: number): string {
  return d.shape.length === 1 ? '' : `row ${formatShape(unravel(r, d.outShape))} `;
}

function unravel(flat: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

/** The sum-to-1 tolerance: float64 input is held to 1e-6, float32 input and tensors to 1e-4. */
export function sumTolerance(float32: boolean): number {
  return float32 ? 1e-4 : 1e-6;
}

function badEntry(d: Rows, name: string, r: number, k: number, valid: string): never {
  throw new DivergentInputError(name, `entry ${entryIndex(d, r, k)} is ${d.data[r * d.cols + k]}; ${valid}`);
}

const PROBS_VALID = 'probabilities must be finite and >= 0';

/** Throws for the first entry of row r that is negative, NaN or infinite, if there is one. */
function checkEntries(d: Rows, name: string, r: number): void {
  const off = r * d.cols;
  for (let k = 0; k < d.cols; k++) {
    const v = d.data[off + k];
    if (!(v >= 0) || v === Infinity) badEntry(d, name, r, k, PROBS_VALID);
  }
}

/**
 * Validates row r of probabilities from the sum and minimum a fused kernel gathered in its one
 * pass; only on failure is the row scanned again to name the entry.
 */
export function checkRowStats(d: Rows, name: string, r: number, sum: number, min: number): void {
  if (!(min >= 0) || !Number.isFinite(sum)) checkEntries(d, name, r);
  const tol = sumTolerance(d.float32);
  if (!(Math.abs(sum - 1) <= tol)) {
    throw new DivergentInputError(
      name,
      `${rowLabel(d, r)}sums to ${sum}, not 1 (tolerance ${tol}); pass probabilities that sum to 1, or set normalize: true (--normalize on the command line) or from: 'counts' (--from counts)`,
    );
  }
}

/** Sum and minimum of row r (NaN minimum if any entry is NaN). */
function rowStats(data: Float64Array, off: number, n: number): { sum: number; min: number } {
  let sum = 0;
  let min = Infinity;
  for (let k = 0; k < n; k++) {
    const v = data[off + k];
    sum += v;
    if (!(v >= min)) min = v !== v || min !== min ? NaN : v;
  }
  return { sum, min };
}

/**
 * The log-sum-exp of a row as max + log Σ exp(x - max), kept in its two parts: subtracting
 * them one at a time from an entry keeps log-probabilities exact next to logits of ±1e4.
 */
function logSumExpRow(data: Float64Array, off: number, n: number): { max: number; logSum: number } {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, data[off + k]);
  if (max === -Infinity) return { max, logSum: 0 };
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(data[off + k] - max);
  return { max, logSum: Math.log(s) };
}

/**
 * Reads and validates a distribution argument. With `deferCheck` the rows of plain
 * probabilities are left unchecked: the caller's fused kernel gathers the sums and minima and
 * calls checkRowStats, so validation costs no extra pass over the data. `float32` marks values
 * that were float32 (a tensor's, read back) for the looser tolerance.
 */
export function readDist(x: unknown, name: string, o: CheckedOptions, deferCheck = false, float32 = false): Dist {
  const d = readRows(x, name, o.axis, float32);
  const { data, rows, cols } = d;
  if (o.from === 'probs' && !o.normalize) {
    if (!deferCheck) {
      for (let r = 0; r < rows; r++) {
        const s = rowStats(data, r * cols, cols);
        checkRowStats(d, name, r, s.sum, s.min);
      }
    }
    return { ...d, p: data, logp: null };
  }
  if (o.from === 'probs' || o.from === 'counts') {
    const p = new Float64Array(data.length);
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      checkEntries(d, name, r);
      const { sum } = rowStats(data, off, cols);
      if (!(sum > 0) || sum === Infinity) {
        throw new DivergentInputError(name, `${rowLabel(d, r)}sums to ${sum}; ${o.from === 'counts' ? 'counts' : 'weights to normalise'} need a finite, positive total`);
      }
      for (let k = 0; k < cols; k++) p[off + k] = data[off + k] / sum;
    }
    return { ...d, p, logp: null };
  }
  // Log space: logits always, log-probabilities when asked to normalise, are shifted by their
  // log-sum-exp, which keeps logits of ±1e4 exact.
  const logp = new Float64Array(data.length);
  const p = new Float64Array(data.length);
  const tol = sumTolerance(d.float32);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let k = 0; k < cols; k++) {
      const v = data[off + k];
      if (v !== v || v === Infinity) badEntry(d, name, r, k, `${o.from} must be numbers below +Infinity (-Infinity means probability 0)`);
    }
    const { max, logSum } = logSumExpRow(data, off, cols);
    if (max === -Infinity) {
      throw new DivergentInputError(name, `${rowLabel(d, r)}is -Infinity everywhere; at least one entry must have positive probability`);
    }
    const normalise = o.from === 'logits' || o.normalize;
    const lse = max + logSum;
    if (!normalise && !(Math.abs(Math.expm1(lse)) <= tol)) {
      throw new DivergentInputError(
        name,
        `${rowLabel(d, r)}has probabilities summing to ${Math.exp(lse)}, not 1 (tolerance ${tol}); pass log-probabilities that sum to 1 after exp, or set normalize: true (--normalize on the command line) or from: 'logits' (--from logits)`,
      );
    }
    for (let k = 0; k < cols; k++) {
      const l = normalise ? data[off + k] - max - logSum : data[off + k];
      logp[off + k] = l;
      p[off + k] = Math.exp(l);
    }
  }
  return { ...d, p, logp };
}

/** Refuses a second argument whose shape differs from the first's. */
export function checkSameShape(a: Rows, nameA: string, b: Rows, nameB: string): void {
  if (a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i])) return;
  const what = (r: Rows) => (r.shape.length === 1 ? `length ${r.shape[0]}` : `shape ${formatShape(r.shape)}`);
  throw new DivergentInputError(nameB, `${what(b)} does not match ${nameA}'s ${what(a)}`);
}

/** log p for every entry: the exact values from log-space input, or computed. */
export function logsOf(d: Dist): Float64Array {
  if (d.logp) return d.logp;
  const out = new Float64Array(d.p.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(d.p[i]);
  return out;
}

/** A nested-array result for outShape (a number for one distribution). */
export type ArrayResult = number | ArrayResult[];

export function shapeResult(values: Float64Array, outShape: number[]): ArrayResult {
  if (outShape.length === 0) return values[0];
  let at = 0;
  const build = (depth: number): ArrayResult[] =>
    Array.from({ length: outShape[depth] }, () => (depth === outShape.length - 1 ? values[at++] : build(depth + 1)));
  return build(0);
}
