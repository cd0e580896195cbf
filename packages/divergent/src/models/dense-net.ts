// Runs a LayersModel made only of Dense layers (every mlp() of networks.ts) straight on its
// variables with the native backend's fused ops: each chain of layers that feed only one
// another is one mlp op (one native call forward, one backward), and a chain read only by
// several one-layer heads (a VAE encoder's trunk with its mean and log-variance heads) is one
// mlpHeads op, where tfjs-layers' model.apply records about five ops per layer plus its own
// per-call bookkeeping, and the tape's cost per op outweighs the arithmetic of a small MLP.
// The model stays the LayersModel that is saved and loaded; only the way a step runs it
// changes. On other backends mlp() is a chain of dense(): tfjs's fused matMul and activation
// per layer, the same arithmetic as model.apply.
import { mlp, mlpHeads, type DenseActivation, type GaussianEncoder, type MlpLayer } from '@divergent/tfjs-backend-native';
import * as tf from '@tensorflow/tfjs';

/** Activations the native ops apply themselves; the others (selu, softplus) follow a linear layer and end its chain. */
const NATIVE_ACTIVATIONS = new Set<string>(['linear', 'relu', 'elu', 'sigmoid', 'tanh']);

const SEPARATE_ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  selu: tf.selu,
  softplus: tf.softplus,
};

interface DenseLayer {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  activation: string;
}

/** Layers run as one op: a chain whose inner outputs nothing else reads, and the heads that read its output. */
interface Chain {
  /** The layer whose output feeds the chain, and the chain's last layer (whose output it gives). */
  input: string;
  name: string;
  layers: DenseLayer[];
  /** One-layer chains that are the only readers of this chain's output (at least two), or none. */
  heads: Chain[];
}

interface DensePlan {
  input: string;
  chains: Chain[];
  outputs: string[];
}

/** Plans are read from a model's layer configs once: they never change after the model is built. */
const plans = new WeakMap<tf.LayersModel, DensePlan | null>();

function readLayer(layer: tf.layers.Layer): DenseLayer {
  const { activation, useBias } = layer.getConfig() as { activation: string; useBias: boolean };
  if (!NATIVE_ACTIVATIONS.has(activation) && SEPARATE_ACTIVATIONS[activation] == null) throw new Error(`no direct path for activation ${activation}`);
  return { kernel: layer.weights[0], bias: useBias ? layer.weights[1] : null, activation };
}

/** Groups the Dense layers (in topological order) into chains; a separate activation ends one. */
function chainsOf(model: tf.LayersModel, dense: tf.layers.Layer[]): Chain[] {
  const inputOf = (l: tf.layers.Layer) => l.inboundNodes[0].inboundLayers[0].name;
  const readers = new Map<string, number>();
  for (const l of dense) readers.set(inputOf(l), (readers.get(inputOf(l)) ?? 0) + 1);
  const outputs = new Set(model.outputLayers.map((l) => l.name));
  const chains: Chain[] = [];
  for (const l of dense) {
    const last = chains[chains.length - 1];
    const extendsLast =
      last != null && last.name === inputOf(l) && readers.get(last.name) === 1 && !outputs.has(last.name) &&
      NATIVE_ACTIVATIONS.has(last.layers[last.layers.length - 1].activation);
    const layer = readLayer(l);
    if (extendsLast && NATIVE_ACTIVATIONS.has(layer.activation)) {
      last.layers.push(layer);
      last.name = l.name;
    } else chains.push({ input: inputOf(l), name: l.name, layers: [layer], heads: [] });
  }
  return withHeads(chains, outputs);
}

/** Moves the one-layer chains that alone read a chain's output (two or more) onto it as heads. */
function withHeads(chains: Chain[], outputs: Set<string>): Chain[] {
  const native = (c: Chain) => NATIVE_ACTIVATIONS.has(c.layers[c.layers.length - 1].activation);
  const heads = new Set<Chain>();
  for (const trunk of chains) {
    const readers = chains.filter((c) => c.input === trunk.name);
    if (readers.length >= 2 && !outputs.has(trunk.name) && native(trunk) && readers.every((r) => r.layers.length === 1 && native(r))) {
      trunk.heads = readers;
      for (const r of readers) heads.add(r);
    }
  }
  return chains.filter((c) => !heads.has(c));
}

function planFor(model: tf.LayersModel): DensePlan | null {
  if (plans.has(model)) return plans.get(model)!;
  const layers = model.layers;
  const inputLayer = layers.find((l) => l.getClassName() === 'InputLayer');
  const denseOnly = layers.every((l) => l.getClassName() === 'InputLayer' || l.getClassName() === 'Dense');
  const plan =
    denseOnly && inputLayer != null && model.inputs.length === 1
      ? {
          input: inputLayer.name,
          chains: chainsOf(model, layers.filter((l) => l.getClassName() === 'Dense')),
          outputs: model.outputLayers.map((l) => l.name),
        }
      : null;
  plans.set(model, plan);
  return plan;
}

function mlpLayers(layers: DenseLayer[]): MlpLayer[] {
  return layers.map((l) => ({
    w: l.kernel.read() as tf.Tensor2D,
    b: l.bias?.read() as tf.Tensor1D | undefined,
    activation: (NATIVE_ACTIVATIONS.has(l.activation) ? l.activation : 'linear') as DenseActivation,
  }));
}

/** Sets the output of the chain (or of each of its heads) in values. */
function runChain(values: Map<string, tf.Tensor>, chain: Chain): void {
  const x = values.get(chain.input)! as tf.Tensor2D;
  if (chain.heads.length > 0) {
    const ys = mlpHeads(x, mlpLayers(chain.layers), mlpLayers(chain.heads.map((h) => h.layers[0])));
    chain.heads.forEach((h, i) => values.set(h.name, ys[i]));
    return;
  }
  const y = mlp(x, mlpLayers(chain.layers));
  const separate = SEPARATE_ACTIVATIONS[chain.layers[chain.layers.length - 1].activation];
  values.set(chain.name, separate == null ? y : separate(y));
}

/** The model's outputs for x [B, in]: on its variables for a Dense-only model, else through model.apply. */
export function applyModel(model: tf.LayersModel, x: tf.Tensor): tf.Tensor[] {
  const plan = planFor(model);
  if (plan == null) {
    const out = model.apply(x);
    return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
  }
  const values = new Map<string, tf.Tensor>([[plan.input, x]]);
  for (const chain of plan.chains) runChain(values, chain);
  return plan.outputs.map((name) => values.get(name)!);
}

/**
 * A VAE encoder's layers for the native bernoulliVae op: a Dense-only model whose one chain is
 * read only by its two outputs, the mean head then the log-variance head; else null.
 */
export function gaussianEncoderLayers(encoder: tf.LayersModel): GaussianEncoder | null {
  const plan = planFor(encoder);
  const trunk = plan?.chains.length === 1 ? plan.chains[0] : null;
  if (trunk == null || trunk.heads.length !== 2 || plan!.outputs.join() !== trunk.heads.map((h) => h.name).join()) return null;
  const [mean, logVariance] = trunk.heads.map((h) => mlpLayers(h.layers)[0]);
  return { trunk: mlpLayers(trunk.layers), mean, logVariance };
}

/** A Dense-only model that is one chain of natively applied layers, as mlp's layers; else null. */
export function chainLayers(model: tf.LayersModel): MlpLayer[] | null {
  const plan = planFor(model);
  const chain = plan?.chains.length === 1 ? plan.chains[0] : null;
  if (chain == null || chain.heads.length > 0 || plan!.outputs[0] !== chain.name) return null;
  return NATIVE_ACTIVATIONS.has(chain.layers[chain.layers.length - 1].activation) ? mlpLayers(chain.layers) : null;
}
