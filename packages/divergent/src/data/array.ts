// The in-memory form every file reader returns: a flat array in C (row-major) order with its shape.
// Readers keep the file's own element type so that callers can tell 8-bit data (scaled by 1/255
// and dequantised for bits/dim) from values that are already continuous.

export type NumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export interface NdArray {
  /** Element type as read from the file, e.g. 'uint8', 'float32'. */
  dtype: string;
  shape: number[];
  data: NumericArray;
}

/** Product of the dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Shape as Python writes it, e.g. (60000, 28, 28), so messages read like the tools that wrote the file. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
