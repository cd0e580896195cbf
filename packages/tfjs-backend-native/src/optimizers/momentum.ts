// SGD with momentum (optionally Nesterov) in one fused native pass over all parameters (one
// addon call, see update-batch.ts), with tf.train.momentum's float32 operations and order,
// so the two agree bit for bit.
import * as tf from '@tensorflow/tfjs';
import { ewAddon } from '../kernels/elementwise-addon.js';
import { cpuFamilyBackend } from './in-place.js';
import { namedGradients, slotVariable, type NamedTensor, type Slot } from './slots.js';
import { UpdateBatch } from './update-batch.js';

export class NativeMomentumOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'NativeMomentum';
  }

  private accumulations: Slot[] = [];

  constructor(
    private readonly learningRate: number,
    private readonly momentum: number,
    private readonly useNesterov = false,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const backend = cpuFamilyBackend();
    const batch = backend == null || ewAddon == null ? null : new UpdateBatch(backend, ({ values, gradients, outs }) => {
      ewAddon!.momentum(values[0], gradients, values[1], outs[0], outs[1], this.momentum, -this.learningRate, this.useNesterov);
    });
    namedGradients(variableGradients).forEach(({ name, gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      this.accumulations[i] ??= slotVariable(value, `${name}/momentum`);
      if (gradient == null) return;
      const acc = this.accumulations[i].variable;
      if (batch == null || value.dtype !== 'float32' || gradient.dtype !== 'float32') {
        this.compositeStep(value, gradient, acc);
        return;
      }
      batch.add(gradient, [value, acc]);
    });
    batch?.flush();
    this.incrementIterations();
  }

  /** The same update with tfjs ops (backends without native buffers, other dtypes). */
  private compositeStep(value: tf.Variable, g: tf.Tensor, acc: tf.Variable): void {
    tf.tidy(() => {
      const newAcc = tf.add(tf.mul(this.momentum, acc), g);
      const dir = this.useNesterov ? tf.add(g, tf.mul(newAcc, this.momentum)) : newAcc;
      acc.assign(newAcc);
      value.assign(tf.add(tf.mul(-this.learningRate, dir), value));
    });
  }

  override dispose(): void {
    super.dispose();
    tf.dispose(this.accumulations.map((s) => s.variable));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...this.accumulations.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    tf.dispose(this.accumulations.map((s) => s.variable));
    this.accumulations = rest.map((w) => ({ originalName: w.name, variable: w.tensor.variable(false) }));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, useNesterov: this.useNesterov };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.learningRate, config.momentum, config.useNesterov);
  }
}

tf.serialization.registerClass(NativeMomentumOptimizer);

/** A fused-update momentum SGD, a drop-in for tf.train.momentum(learningRate, momentum, useNesterov). */
export function nativeMomentum(learningRate: number, momentum: number, useNesterov = false): NativeMomentumOptimizer {
  return new NativeMomentumOptimizer(learningRate, momentum, useNesterov);
}
