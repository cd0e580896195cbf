import { nativeAvailable } from '@divergent/tfjs-backend-native';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { binarize, binarizeJs, binarizeRows, binarizeSplit } from './binarize.js';
import { gatherRows } from './dataset.js';

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

  it('draws natively the very stream of the JavaScript loop: same outputs, same state afterwards', () => {
    expect(nativeAvailable).toBe(true); // otherwise both sides below would be the JavaScript loop
    for (const seed of [0, 1, 12345, 2 ** 32 - 1]) {
      for (const n of [0, 1, 7, 784, 78_401]) {
        // Probabilities across [0, 1], the ends included, as 8-bit pixels give them.
        const p = Float32Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256) / 255);
        const native = new Rng(seed);
        const js = new Rng(seed);
        const a = binarize(p, native);
        const b = binarizeJs(p, js, new Float32Array(n));
        expect(Array.from(a)).toEqual(Array.from(b));
        expect(native.state()).toEqual(js.state());
        // The generators continue in step after the native draws.
        expect(native.nextUint32()).toBe(js.nextUint32());
      }
    }
  });

  it('draws rows of a dataset as it draws the rows gathered first, natively and in JavaScript', () => {
    const dim = 784;
    const images = Float32Array.from({ length: 50 * dim }, (_, i) => ((i * 37) % 256) / 255);
    const indices = Int32Array.of(49, 0, 7, 7, 31, 12, 2, 40, 18, 25);
    const gathered = binarize(gatherRows(images, dim, indices, new Float32Array(indices.length * dim)), new Rng(3));
    const rng = new Rng(3);
    expect(Array.from(binarizeRows(images, dim, indices, rng))).toEqual(Array.from(gathered));
    const js = new Rng(3);
    expect(Array.from(binarizeJs(gatherRows(images, dim, indices, new Float32Array(indices.length * dim)), js, new Float32Array(indices.length * dim)))).toEqual(Array.from(gathered));
    expect(rng.state()).toEqual(js.state());
    expect(() => binarizeRows(images, dim, indices, rng, new Float32Array(5))).toThrow(/out: expected 7840 elements \(10 rows of 784\), found 5/);
  });

  it('rejects an output array of another length', () => {
    expect(() => binarize(new Float32Array(4), new Rng(1), new Float32Array(3))).toThrow(
      /out: expected 4 elements like the values, found 3/,
    );
  });

  it('binarizes a split once per seed: the same seed gives the same test set, labels kept', () => {
    const split = { images: new Float32Array(400).fill(0.5), labels: Int32Array.of(1, 2, 3, 4), n: 4 };
    const a = binarizeSplit(split, 5);
    expect(Array.from(binarizeSplit(split, 5).images)).toEqual(Array.from(a.images));
    expect(Array.from(binarizeSplit(split, 6).images)).not.toEqual(Array.from(a.images));
    expect(a.labels).toBe(split.labels);
  });
});
