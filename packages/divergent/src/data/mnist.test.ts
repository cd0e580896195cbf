import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnist, mnistDataDir } from './mnist.js';

describe('loadMnist', () => {
  it('reads 60,000 training and 10,000 test images with the known first labels and pixels', () => {
    const t0 = performance.now();
    const m = loadMnist();
    const ms = performance.now() - t0;
    expect(m.train.n).toBe(60_000);
    expect(m.test.n).toBe(10_000);
    expect(m.train.images.length).toBe(60_000 * 784);
    expect(m.test.images.length).toBe(10_000 * 784);
    // The first training digit is a 5 and the first test digits are 7 2 1 0 4 (LeCun's files).
    expect(m.train.labels?.[0]).toBe(5);
    expect(Array.from(m.test.labels!.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // Bytes 16 + 152..156 of train-images-idx3-ubyte are 3 18 18 18 126 (the first ink of the 5);
    // the first image's pixels sum to 27525.
    expect(m.train.images[152]).toBeCloseTo(3 / 255, 7);
    expect(m.train.images[156]).toBeCloseTo(126 / 255, 7);
    let sum = 0;
    for (let i = 0; i < 784; i++) sum += m.train.images[i];
    expect(sum * 255).toBeCloseTo(27525, 2);
    // Test image 0: first ink at pixel 202 (value 84); pixels sum to 18454.
    expect(m.test.images[202]).toBeCloseTo(84 / 255, 7);
    // Each class appears: the training labels are 0..9 with 5,923 zeros (a published count).
    expect(m.train.labels!.filter((l) => l === 0).length).toBe(5923);
    expect(ms).toBeLessThan(5000); // a loose bound: a few hundred ms when the machine is idle
  });
});

describe('loadMnist on damaged copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divergent-mnist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  for (const n of names.slice(0, 3)) symlinkSync(join(mnistDataDir(), n), join(dir, n));

  it('names the label file whose count does not match', () => {
    // A test label file with 3 labels in place of 10,000.
    writeFileSync(join(dir, names[3]), Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]));
    expect(() => loadMnist(dir)).toThrow(
      `${join(dir, names[3])}: expected uint8 labels of shape (10000,), found uint8 (3,)`,
    );
  });
});
