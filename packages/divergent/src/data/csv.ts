// Reader for numeric CSV: one example per line, comma-separated (tab-separated when the first
// line has tabs and no commas), an optional header line, and optionally one column of labels.
import { DivergentInputError } from '../errors.js';
import type { NdArray } from './array.js';
import { readFileBytes } from './idx.js';

export interface CsvOptions {
  /**
   * The label column: a header name or a 0-based index. By default a header column named
   * 'label' (any case) holds labels; null means no label column even when one is named so.
   */
  labelColumn?: string | number | null;
}

export interface CsvTable {
  /** n × d features (the label column removed), as float64. */
  features: NdArray;
  labels: Int32Array | null;
  /** Column names from the header line, or null without one. */
  header: string[] | null;
}

const isNumber = (field: string) => field.trim() !== '' && Number.isFinite(Number(field));

export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const fail = (message: string) => new DivergentInputError(file, message);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw fail('expected at least one line of numbers, found an empty file');
  const separator = lines[0].includes(',') || !lines[0].includes('\t') ? ',' : '\t';
  const split = (line: string) => line.split(separator);

  const firstFields = split(lines[0]);
  const header = firstFields.every(isNumber) ? null : firstFields.map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  const firstRow = header ? 1 : 0;
  const width = firstFields.length;
  const labelIndex = findLabelColumn(header, width, options.labelColumn, fail);

  const n = lines.length - firstRow;
  if (n === 0) throw fail('expected rows of numbers after the header, found none');
  const d = labelIndex === null ? width : width - 1;
  if (d === 0) throw fail('expected at least one feature column besides the labels, found none');
  const features = new Float64Array(n * d);
  const labels = labelIndex === null ? null : new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const lineNo = firstRow + r + 1;
    const fields = split(lines[firstRow + r]);
    if (fields.length !== width) {
      throw fail(`line ${lineNo}: expected ${width} fields like line ${firstRow + 1}, found ${fields.length}`);
    }
    let k = r * d;
    for (let c = 0; c < width; c++) {
      const field = fields[c];
      if (!isNumber(field)) {
        throw fail(`line ${lineNo}, column ${c + 1}: expected a number, found ${JSON.stringify(field.trim())}`);
      }
      const v = Number(field);
      if (c === labelIndex) {
        if (!Number.isInteger(v) || v < 0) {
          throw fail(`line ${lineNo}, column ${c + 1}: expected a label that is a non-negative integer, found ${field.trim()}`);
        }
        labels![r] = v;
      } else features[k++] = v;
    }
  }
  return { features: { dtype: 'float64', shape: [n, d], data: features }, labels, header };
}

function findLabelColumn(
  header: string[] | null,
  width: number,
  choice: string | number | null | undefined,
  fail: (message: string) => Error,
): number | null {
  if (choice === null) return null;
  if (choice === undefined) {
    const i = header?.findIndex((h) => h.toLowerCase() === 'label') ?? -1;
    return i >= 0 ? i : null;
  }
  if (typeof choice === 'string' && header?.includes(choice)) return header.indexOf(choice);
  const index = Number(choice);
  if (Number.isInteger(index) && index >= 0 && index < width) return index;
  throw fail(
    `label column ${JSON.stringify(choice)} not found: expected ${header ? `one of ${header.map((h) => JSON.stringify(h)).join(', ')} or ` : ''}an index 0..${width - 1}`,
  );
}

/** Reads and parses a CSV file. */
export function readCsv(file: string, options: CsvOptions = {}): CsvTable {
  return parseCsv(new TextDecoder().decode(readFileBytes(file)), file, options);
}
