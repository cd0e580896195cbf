// Runs a LayersModel made only of Dense layers (every mlp() of networks.ts) straight on its
// variables with the native backend's dense op: one taped op per layer, its bias and
// activation in the product's epilogue and its gradient one native call, where tfjs-layers'
// model.apply records about five ops per layer plus its own per-call bookkeeping. The model
// stays the LayersModel that is saved and loaded; only the way a step runs it changes. On other
// backends dense() is tfjs's fused matMul and activation, the same arithmetic as model.apply.
import { dense, type DenseActivation } from '@divergent/tfjs-backend-native';
import * as tf from '@tensorflow/tfjs';

/** Activations dense() applies itself; the others (selu, softplus) follow a linear dense(). */
const DENSE_ACTIVATIONS = new Set<string>(['linear', 'relu', 'elu', 'sigmoid', 'tanh']);

const SEPARATE_ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  selu: tf.selu,
  softplus: tf.softplus,
};

/** One Dense layer as a step runs it. */
interface DenseStep {
  name: string;
  /** The layer whose output feeds this one. */
  input: string;
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  activation: string;
}

interface DensePlan {
  input: string;
  steps: DenseStep[];
  outputs: string[];
}

/** Plans are read from a model's layer configs once: they never change after the model is built. */
const plans = new WeakMap<tf.LayersModel, DensePlan | null>();

function planFor(model: tf.LayersModel): DensePlan | null {
  if (plans.has(model)) return plans.get(model)!;
  const layers = model.layers;
  const inputLayer = layers.find((l) => l.getClassName() === 'InputLayer');
  const denseOnly = layers.every((l) => l.getClassName() === 'InputLayer' || l.getClassName() === 'Dense');
  let plan: DensePlan | null = null;
  if (denseOnly && inputLayer != null && model.inputs.length === 1) {
    const steps = layers
      .filter((l) => l.getClassName() === 'Dense')
      .map((layer) => {
        const { activation, useBias } = layer.getConfig() as { activation: string; useBias: boolean };
        return {
          name: layer.name,
          input: layer.inboundNodes[0].inboundLayers[0].name,
          kernel: layer.weights[0],
          bias: useBias ? layer.weights[1] : null,
          activation,
        };
      });
    plan = { input: inputLayer.name, steps, outputs: model.outputLayers.map((l) => l.name) };
  }
  plans.set(model, plan);
  return plan;
}

function runDense(x: tf.Tensor, step: DenseStep): tf.Tensor {
  const w = step.kernel.read() as tf.Tensor2D;
  const b = step.bias?.read() as tf.Tensor1D | undefined;
  if (DENSE_ACTIVATIONS.has(step.activation)) return dense(x as tf.Tensor2D, w, b, step.activation as DenseActivation);
  const separate = SEPARATE_ACTIVATIONS[step.activation];
  if (separate == null) throw new Error(`no direct path for activation ${step.activation}`);
  return separate(dense(x as tf.Tensor2D, w, b, 'linear'));
}

/** The model's outputs for x [B, in]: on its variables for a Dense-only model, else through model.apply. */
export function applyModel(model: tf.LayersModel, x: tf.Tensor): tf.Tensor[] {
  const plan = planFor(model);
  if (plan == null) {
    const out = model.apply(x);
    return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
  }
  const values = new Map<string, tf.Tensor>([[plan.input, x]]);
  for (const step of plan.steps) values.set(step.name, runDense(values.get(step.input)!, step));
  return plan.outputs.map((name) => values.get(name)!);
}
