import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NativeBackend } from './backend.js';
import { BufferPool } from './buffer-pool.js';
import './index.js';

const N = 4096;  // above the pool's minimum length

describe('BufferPool', () => {
  it('reuses an array only after its last view is detached', () => {
    const pool = new BufferPool();
    const a = pool.take(N);
    const view = a.subarray(10, 20);
    pool.attach(a);
    pool.attach(view);
    pool.detach(a);
    expect(pool.take(N)).not.toBe(a);  // the view still holds the buffer
    pool.detach(view);
    expect(pool.idleByteCount).toBe(4 * N);
    expect(pool.take(N).buffer).toBe(a.buffer);
    expect(pool.idleByteCount).toBe(0);
  });

  it('never recycles arrays it did not make, nor arrays that escaped to user code', () => {
    const pool = new BufferPool();
    const user = new Float32Array(N);
    pool.attach(user);
    pool.detach(user);
    const read = pool.take(N);
    pool.attach(read);
    pool.escape(read);
    pool.detach(read);
    expect(pool.idleByteCount).toBe(0);
    const next = pool.take(N);
    expect(next).not.toBe(user);
    expect(next.buffer).not.toBe(read.buffer);
  });

  it('does not pool small arrays', () => {
    const pool = new BufferPool();
    const small = pool.take(8);
    pool.attach(small);
    pool.detach(small);
    expect(pool.idleByteCount).toBe(0);
  });
});

describe('the native backend with its pool', () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });

  it('reuses a disposed intermediate for the next output of the same length', () => {
    const backend = tf.backend() as NativeBackend;
    const x = tf.fill([N], 2);
    const y = tf.exp(x);
    const buffer = (backend.data.get(y.dataId).values as Float32Array).buffer;
    y.dispose();
    const z = tf.neg(x);
    expect((backend.data.get(z.dataId).values as Float32Array).buffer).toBe(buffer);
    expect(z.dataSync()[0]).toBe(-2);
    tf.dispose([x, z]);
  });

  it('keeps what dataSync() returned intact after the tensor is disposed', async () => {
    const x = tf.fill([N], 3);
    const y = tf.square(x);
    const synced = y.dataSync();
    const y2 = tf.mul(x, 2);
    const asynced = await y2.data();
    tf.dispose([y, y2]);
    const others = [tf.neg(x), tf.exp(x), tf.abs(x)];
    expect(synced[0]).toBe(9);
    expect(synced[N - 1]).toBe(9);
    expect(asynced[N - 1]).toBe(6);
    tf.dispose([x, ...others]);
  });

  it('never overwrites an array the user gave to tf.tensor', () => {
    const mine = new Float32Array(N).fill(5);
    const t = tf.tensor1d(mine);
    const y = tf.add(t, 1);
    t.dispose();
    const others = [tf.neg(y), tf.exp(y)];
    expect(mine.every((v) => v === 5)).toBe(true);
    tf.dispose([y, ...others]);
  });

  it('copies what dataSync() reads from part of a pooled buffer, which stays recyclable', () => {
    const backend = tf.backend() as NativeBackend;
    const block = backend.pool.take(2 * N);
    block.fill(7);
    const head = block.subarray(0, N); // an output whose buffer carries a rider (kernels/values.ts)
    const t = tf.engine().makeTensorFromTensorInfo(backend.makeTensorInfo([N], 'float32', head), backend);
    const read = t.dataSync();
    expect(read).not.toBe(head);
    expect(read.length).toBe(N);
    expect(read[N - 1]).toBe(7);
    const idle = backend.pool.idleByteCount;
    t.dispose();
    expect(backend.pool.idleByteCount).toBe(idle + 8 * N); // the whole buffer went back
    expect(backend.pool.take(2 * N).buffer).toBe(block.buffer);
  });

  it('keeps a buffer alive while a reshaped tensor still shares it', () => {
    const x = tf.fill([N], 1.5);
    const y = tf.exp(x);
    const r = tf.reshape(y, [64, N / 64]);
    y.dispose();
    const others = [tf.neg(x), tf.square(x)];
    expect(r.dataSync()[0]).toBeCloseTo(Math.exp(1.5), 5);
    tf.dispose([x, r, ...others]);
  });
});
