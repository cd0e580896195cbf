import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAME, nativeAvailable, nativeLoadError } from './index.js';

describe('native backend registration', () => {
  it('loads the addon built by npm ci', () => {
    expect(nativeLoadError()).toBeNull();
    expect(nativeAvailable).toBe(true);
  });

  it('runs every cpu kernel under the native name', async () => {
    await tf.setBackend(BACKEND_NAME);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])));
    expect(Array.from(await y.data())).toEqual([17, 39]);
    y.dispose();
  });
});
