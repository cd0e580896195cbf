// Adam with one fused native pass over all parameters: the gradient, m, v and the parameter
// are each read once and written once, instead of ~15 taped tfjs ops and their temporaries,
// and one addon call updates every parameter (see update-batch.ts).
// Every float32 operation happens in tf.train.adam's order with its constants rounded the
// same way (bias correction 1 - beta^t with beta^t kept as a float32 running product,
// epsilon added to sqrt(v̂)), so the updates equal tf.train.adam's bit for bit.
// Buffers are updated in place only where no other tensor shares them (see in-place.ts).
import * as tf from '@tensorflow/tfjs';
import { ewAddon } from '../kernels/elementwise-addon.js';
import { cpuFamilyBackend } from './in-place.js';
import { namedGradients, slotVariable, type NamedTensor, type Slot } from './slots.js';
import { UpdateBatch } from './update-batch.js';

export class NativeAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'NativeAdam';
  }

  private readonly epsilon: number;
  private accBeta1: number;
  private accBeta2: number;
  private firstMoments: Slot[] = [];
  private secondMoments: Slot[] = [];

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    epsilon?: number | null,
  ) {
    super();
    this.epsilon = epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const backend = cpuFamilyBackend();
    // tf.train.adam's scalars, rounded to float32 exactly as its scalar tensors are.
    const k = Float32Array.from([
      this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2,
      1 - this.accBeta1, 1 - this.accBeta2, this.epsilon, -this.learningRate,
    ]);
    const batch = backend == null || ewAddon == null ? null : new UpdateBatch(backend, ({ values, gradients, outs }) => {
      ewAddon!.adam(values[0], gradients, values[1], values[2], outs[0], outs[1], outs[2], k);
    });
    namedGradients(variableGradients).forEach(({ name, gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      this.firstMoments[i] ??= slotVariable(value, `${name}/m`);
      this.secondMoments[i] ??= slotVariable(value, `${name}/v`);
      if (gradient == null) return;
      const m = this.firstMoments[i].variable;
      const v = this.secondMoments[i].variable;
      if (batch == null || value.dtype !== 'float32' || gradient.dtype !== 'float32') {
        compositeStep(value, gradient, m, v, k);
        return;
      }
      batch.add(gradient, [value, m, v]);
    });
    batch?.flush();
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((s) => s.variable));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.firstMoments, ...this.secondMoments];
    return [await this.saveIterations(), ...slots.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    // As tf.train.adam: beta^(t+1) after t completed steps, in float32.
    this.accBeta1 = Math.fround(Math.fround(this.beta1) ** (this.iterations + 1));
    this.accBeta2 = Math.fround(Math.fround(this.beta2) ** (this.iterations + 1));
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((s) => s.variable));
    const half = rest.length / 2;
    const toSlot = (w: NamedTensor): Slot => ({ originalName: w.name, variable: w.tensor.variable(false) });
    this.firstMoments = rest.slice(0, half).map(toSlot);
    this.secondMoments = rest.slice(half).map(toSlot);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}

/** The same update with tfjs ops (backends without native buffers, other dtypes). */
function compositeStep(value: tf.Variable, g: tf.Tensor, m: tf.Variable, v: tf.Variable, k: Float32Array): void {
  tf.tidy(() => {
    const newM = tf.add(tf.mul(m, k[0]), tf.mul(g, k[1]));
    const newV = tf.add(tf.mul(v, k[2]), tf.mul(tf.square(g), k[3]));
    const step = tf.div(tf.div(newM, k[4]), tf.add(tf.sqrt(tf.div(newV, k[5])), k[6]));
    m.assign(newM);
    v.assign(newV);
    value.assign(tf.add(tf.mul(step, k[7]), value));
  });
}

tf.serialization.registerClass(NativeAdamOptimizer);

/** A fused-update Adam, a drop-in for tf.train.adam(learningRate, beta1, beta2, epsilon). */
export function nativeAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): NativeAdamOptimizer {
  return new NativeAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
