// The 'native' backend: a MathBackendCPU that owns every 'cpu' kernel under its own name,
// so any tfjs program runs unchanged; native kernels then replace the hot ones.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BufferPool } from './buffer-pool.js';

export const BACKEND_NAME = 'native';

type DataId = object;

export class NativeBackend extends MathBackendCPU {
  /** Kernel outputs recycled across steps (buffer-pool.ts says when that is safe). */
  readonly pool = new BufferPool();

  constructor() {
    super();
    // MathBackendCPU prints an "install tfjs-node" banner on first use in Node; this
    // backend is the answer to that banner, so it must never show.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId {
    const dataId = super.write(values, shape, dtype);
    this.pool.attach(values);
    return dataId;
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    super.move(dataId, values, shape, dtype, refCount);
    this.pool.attach(values);
  }

  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const values = this.data.get(dataId).values;
    // Values that are only part of a pooled buffer (an output with arrays riding in its
    // buffer, kernels/values.ts) are copied: handing out the view would keep the whole
    // buffer out of the pool for good, and reading a small loss term each step would then
    // cost a large fresh allocation each step.
    if (values instanceof Float32Array && values.byteLength < values.buffer.byteLength && this.pool.owns(values)) {
      return values.slice();
    }
    this.pool.escape(values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (values !== undefined && !this.data.has(dataId)) this.pool.detach(values);
    return released;
  }
}

/** Registers every 'cpu' kernel under 'native', then the given native overrides on top. */
export function registerNativeBackend(overrides: tf.KernelConfig[], priority = 3): void {
  if (tf.findBackendFactory(BACKEND_NAME) != null) return;
  tf.registerBackend(BACKEND_NAME, () => new NativeBackend(), priority);
  const replaced = new Set(overrides.map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (!replaced.has(k.kernelName)) tf.registerKernel({ ...k, backendName: BACKEND_NAME });
  }
  for (const k of overrides) tf.registerKernel({ ...k, backendName: BACKEND_NAME });
}
