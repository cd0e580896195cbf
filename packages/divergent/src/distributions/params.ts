// Turning user parameters (numbers, nested arrays or tensors) into float32 tensors, and
// checking them once at construction so that a bad parameter fails loudly with its
// name, index and value instead of surfacing later as NaN.
import * as tf from '@tensorflow/tfjs';
import { DivergentInputError } from '../errors.js';

/** A parameter as users may pass it: a number, a (nested) array of numbers, or a tensor. */
export type Param = number | tf.TensorLike | tf.Tensor;

/** Tensors a distribution created itself (and so disposes) as opposed to ones it was handed. */
export class Owned {
  private readonly tensors: tf.Tensor[] = [];

  /** Converts `value` to float32; a tensor passed in float32 is used as is (so gradients reach it). */
  param(name: string, value: Param): tf.Tensor {
    if (value instanceof tf.Tensor) {
      if (value.dtype === 'float32') return value;
      if (value.dtype === 'string' || value.dtype === 'complex64') {
        throw new DivergentInputError(name, `expected a float32 tensor, got dtype ${value.dtype}`);
      }
      return this.keep(tf.cast(value, 'float32'));
    }
    if (typeof value !== 'number' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
      throw new DivergentInputError(name, `expected a number, an array of numbers or a tensor, got ${describe(value)}`);
    }
    return this.keep(tensorFrom(name, value));
  }

  /** Records a tensor the distribution made. Inside tf.tidy it still dies with the scope. */
  keep<T extends tf.Tensor>(t: T): T {
    this.tensors.push(t);
    return t;
  }

  /** Takes over another set's tensors (a wrapper adopting what it converted for an inner distribution). */
  adoptAll(other: Owned): void {
    this.tensors.push(...other.tensors);
    other.tensors.length = 0;
  }

  /** Runs a constructor's checks; on failure frees what was converted so far, then rethrows. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  dispose(): void {
    for (const t of this.tensors) t.dispose();
    this.tensors.length = 0;
  }
}

/**
 * A float32 tensor from a number or (nested) array. tfjs itself does not check that nested
 * arrays are rectangular (it would build a [2, 2] tensor from [[0, 1], [2]]), so we do.
 */
export function tensorFrom(name: string, value: tf.TensorLike): tf.Tensor {
  let t: tf.Tensor;
  try {
    t = tf.tensor(value, undefined, 'float32');
  } catch (e) {
    throw new DivergentInputError(name, `not a rectangular array of numbers (${(e as Error).message})`);
  }
  const count = Array.isArray(value) ? (value as unknown[]).flat(Infinity).length : t.size;
  if (count !== t.size) {
    t.dispose();
    throw new DivergentInputError(name, `not a rectangular array: ${count} numbers for inferred shape [${t.shape}]`);
  }
  return t;
}

function describe(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : `${typeof v} ${String(v)}`;
}

/** The shape every parameter broadcasts to; throws naming the arguments when they don't. */
export function broadcastShapes(names: string[], shapes: number[][]): number[] {
  let out: number[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i];
    const rank = Math.max(out.length, s.length);
    const next: number[] = [];
    for (let k = 0; k < rank; k++) {
      const a = out[out.length - rank + k] ?? 1;
      const b = s[s.length - rank + k] ?? 1;
      if (a !== b && a !== 1 && b !== 1) {
        throw new DivergentInputError(
          names.join(', '),
          `shapes ${shapes.map((sh, j) => `${names[j]} [${sh}]`).join(', ')} do not broadcast together (dimension ${k} of the result: ${a} vs ${b})`,
        );
      }
      next.push(a === 1 ? b : a);
    }
    out = next;
  }
  return out;
}

/** Multi-index of flat position `flat` in `shape`, written as `[i, j]` for messages. */
function indexOf(flat: number, shape: number[]): string {
  if (shape.length === 0) return '';
  const idx: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    idx.unshift(flat % shape[k]);
    flat = Math.floor(flat / shape[k]);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * Checks every entry of `t` with `ok`; the first failure throws DivergentInputError naming
 * `name`, the index, the value and `valid` (what would have been accepted).
 * Reads the tensor's values (a synchronous download), so construction costs one read per
 * checked parameter; pass `validate: false` to a constructor to skip it in hot loops.
 */
export function check(name: string, t: tf.Tensor, valid: string, ok: (v: number) => boolean): void {
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!ok(v)) throw new DivergentInputError(name, `${name}${indexOf(i, t.shape)} = ${v} is invalid; ${valid}`);
  }
}

export const isFinite = (v: number): boolean => Number.isFinite(v);
export const isPositive = (v: number): boolean => v > 0 && Number.isFinite(v);

/** Checks that a tensor has at least `rank` dimensions (an event dimension, a matrix). */
export function checkMinRank(name: string, t: tf.Tensor, rank: number, what: string): void {
  if (t.rank < rank) throw new DivergentInputError(name, `expected ${what} (rank >= ${rank}), got shape [${t.shape}]`);
}

/**
 * Converts and checks a location-scale pair (loc finite, scale finite and > 0), freeing what
 * was converted if a check fails; returns both and the batch shape they broadcast to.
 */
export function locScaleParams(
  owned: Owned,
  loc: Param,
  scale: Param,
  options: DistributionOptions,
): readonly [tf.Tensor, tf.Tensor, number[]] {
  return owned.guard(() => {
    const l = owned.param('loc', loc);
    const s = owned.param('scale', scale);
    const batch = broadcastShapes(['loc', 'scale'], [l.shape, s.shape]);
    if (options.validate !== false) {
      check('loc', l, 'loc must be finite', isFinite);
      check('scale', s, 'scale must be finite and > 0', isPositive);
    }
    return [l, s, batch] as const;
  });
}

/** Converts and checks a single rate (finite and > 0), freeing it if the check fails. */
export function rateParam(owned: Owned, rate: Param, options: DistributionOptions): tf.Tensor {
  return owned.guard(() => {
    const r = owned.param('rate', rate);
    if (options.validate !== false) check('rate', r, 'rate must be finite and > 0', isPositive);
    return r;
  });
}

/** Options every constructor takes. */
export interface DistributionOptions {
  /** Check parameters at construction (one synchronous read each). Default true. */
  validate?: boolean;
}
