import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { binarize, binarizeSplit } from './binarize.js';

describe('binarize', () => {
  it('draws ones with probability p (mean within 4 standard errors) and keeps 0 and 1 fixed', () => {
    const n = 100_000;
    const p = 0.3;
    const out = binarize(new Float32Array(n).fill(p), new Rng(1));
    const mean = out.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    expect(out.every((v) => v === 0 || v === 1)).toBe(true);
    expect(binarize(new Float32Array(1000), new Rng(2)).every((v) => v === 0)).toBe(true);
    expect(binarize(new Float32Array(1000).fill(1), new Rng(3)).every((v) => v === 1)).toBe(true);
  });

  it('gives a fresh draw on each call and the same draws for the same seed', () => {
    const x = new Float32Array(500).fill(0.5);
    const rng = new Rng(9);
    const a = binarize(x, rng);
    const b = binarize(x, rng);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(binarize(x, new Rng(9)))).toEqual(Array.from(a));
  });

  it('binarizes a split once per seed: the same seed gives the same test set, labels kept', () => {
    const split = { images: new Float32Array(400).fill(0.5), labels: Int32Array.of(1, 2, 3, 4), n: 4 };
    const a = binarizeSplit(split, 5);
    expect(Array.from(binarizeSplit(split, 5).images)).toEqual(Array.from(a.images));
    expect(Array.from(binarizeSplit(split, 6).images)).not.toEqual(Array.from(a.images));
    expect(a.labels).toBe(split.labels);
  });
});
