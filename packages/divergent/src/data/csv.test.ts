import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads numbers without a header and without labels', () => {
    const t = parseCsv('0,0.5\n1,0.25\n', 'a.csv');
    expect(t.header).toBeNull();
    expect(t.labels).toBeNull();
    expect(t.features.shape).toEqual([2, 2]);
    expect(Array.from(t.features.data)).toEqual([0, 0.5, 1, 0.25]);
  });

  it("takes a header's 'label' column as labels, and a column chosen by name or index", () => {
    const text = 'label,p1,p2\r\n3,10,20\r\n7,30,40\r\n';
    const t = parseCsv(text, 'b.csv');
    expect(t.header).toEqual(['label', 'p1', 'p2']);
    expect(Array.from(t.labels!)).toEqual([3, 7]);
    expect(Array.from(t.features.data)).toEqual([10, 20, 30, 40]);
    expect(Array.from(parseCsv(text, 'b.csv', { labelColumn: 'p2' }).labels!)).toEqual([20, 40]);
    expect(Array.from(parseCsv('1\t2\n3\t4', 't.tsv', { labelColumn: 1 }).labels!)).toEqual([2, 4]);
    expect(parseCsv(text, 'b.csv', { labelColumn: null }).labels).toBeNull();
  });

  it('names the file, line and column of a bad value, a ragged row, a bad label and an unknown label column', () => {
    expect(() => parseCsv('1,2\n3,x\n', 'c.csv')).toThrow('c.csv: line 2, column 2: expected a number, found "x"');
    expect(() => parseCsv('a,b\n1,2\n3\n', 'c.csv')).toThrow('c.csv: line 3: expected 2 fields like line 2, found 1');
    expect(() => parseCsv('label,a\n1.5,2\n', 'c.csv')).toThrow('c.csv: line 2, column 1: expected a label that is a non-negative integer, found 1.5');
    expect(() => parseCsv('a,b\n1,2\n', 'c.csv', { labelColumn: 'y' })).toThrow(
      'c.csv: label column "y" not found: expected one of "a", "b" or an index 0..1',
    );
    expect(() => parseCsv('\n\n', 'e.csv')).toThrow('e.csv: expected at least one line of numbers, found an empty file');
  });
});
