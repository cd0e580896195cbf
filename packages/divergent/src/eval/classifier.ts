// An MNIST digit classifier that divergent trains once and caches, used to judge generated
// digits the way Inception judges ImageNet samples: the class histogram of generated digits
// against uniform (a generator that drops digits is mode-collapsed), and a Fréchet distance in
// the classifier's penultimate features (an MNIST analogue of FID). Every score comes with the
// classifier's own test accuracy, which bounds how much any of them can be trusted.
//
// Cache: <dir>/mnist-classifier-v1/{model.json, weights.bin, meta.json}, where <dir> is, in
// order, the `cacheDir` option, $DIVERGENT_CACHE_DIR, $XDG_CACHE_HOME/divergent, or
// ~/.cache/divergent. It is written atomically (a half-trained classifier is never cached);
// delete the folder to retrain.
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BatchIterator } from '../data/batches.js';
import { loadMnist } from '../data/mnist.js';
import { klDivergence } from '../info/kl.js';
import { Rng } from '../random.js';
import { replaceDirAtomic, writeJsonAtomic } from '../train/atomic.js';
import { loadLayersModel, saveLayersModel } from '../train/fs-io.js';
import { makeAdam } from '../train/optimizer.js';
import { frechetDistance } from './frechet.js';

const VERSION = 'mnist-classifier-v1';
const FEATURES = 'features';
/** Training recipe: a 784-256-64-10 ReLU MLP, 3 epochs of Adam(1e-3) on batches of 128, seed 0. */
const RECIPE = { hidden: 256, features: 64, epochs: 3, batch: 128, lr: 1e-3, seed: 0 };

export interface MnistClassifier {
  /** Images [n, 784] in [0, 1] -> class logits [n, 10]. */
  model: tf.LayersModel;
  /** Images -> penultimate features [n, 64]. */
  features: tf.LayersModel;
  testAccuracy: number;
  dir: string;
}

/** The cache folder of the classifier (see the file comment for the order of precedence). */
export function classifierDir(cacheDir?: string): string {
  const root = cacheDir ?? process.env.DIVERGENT_CACHE_DIR ?? (process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'divergent') : join(homedir(), '.cache', 'divergent'));
  return join(root, VERSION);
}

function build(): tf.LayersModel {
  const seeds = new Rng(RECIPE.seed);
  const init = () => tf.initializers.heNormal({ seed: seeds.seed() });
  const input = tf.input({ shape: [784], name: 'classifier_input' });
  const h = tf.layers.dense({ units: RECIPE.hidden, activation: 'relu', kernelInitializer: init(), name: 'hidden' }).apply(input);
  const f = tf.layers.dense({ units: RECIPE.features, activation: 'relu', kernelInitializer: init(), name: FEATURES }).apply(h);
  const out = tf.layers.dense({ units: 10, kernelInitializer: init(), name: 'logits' }).apply(f) as tf.SymbolicTensor;
  return tf.model({ name: 'mnist_classifier', inputs: input, outputs: out });
}

/** Predicted classes for images, in chunks. */
export function predictClasses(model: tf.LayersModel, images: Float32Array, n: number): Int32Array {
  return mapChunks(model, images, n, (y) => tf.argMax(y, 1), 1) as Int32Array;
}

function mapChunks(model: tf.LayersModel, images: Float32Array, n: number, f: (y: tf.Tensor) => tf.Tensor, width: number): Int32Array | Float32Array {
  const chunk = 1000;
  let out: Int32Array | Float32Array | null = null;
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    const part = tf.tidy(() => f(model.predict(tf.tensor2d(images.subarray(i * 784, (i + m) * 784), [m, 784])) as tf.Tensor).dataSync() as Int32Array | Float32Array);
    out ??= part instanceof Int32Array ? new Int32Array(n * width) : new Float32Array(n * width);
    out.set(part, i * width);
  }
  return out as Int32Array | Float32Array;
}

/** Penultimate features [n·64] of images. */
export function classifierFeatures(c: MnistClassifier, images: Float32Array, n: number): Float32Array {
  return mapChunks(c.features, images, n, (y) => tf.clone(y), RECIPE.features) as Float32Array;
}

async function train(stream: NodeJS.WriteStream): Promise<{ model: tf.LayersModel; testAccuracy: number }> {
  const mnist = loadMnist();
  const model = build();
  const opt = makeAdam({ lr: RECIPE.lr });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const it = new BatchIterator(mnist.train, { batchSize: RECIPE.batch, seed: RECIPE.seed, dropRemainder: true });
  for (let epoch = 1; epoch <= RECIPE.epochs; epoch++) {
    for (const b of it.epochBatches()) {
      tf.tidy(() => {
        const x = tf.tensor2d(b.x, [b.size, 784]);
        const y = tf.oneHot(tf.tensor1d(b.labels as Int32Array, 'int32'), 10);
        opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, false, vars);
      });
    }
    stream.write(`MNIST classifier: epoch ${epoch}/${RECIPE.epochs} done\n`);
  }
  opt.dispose();
  const pred = predictClasses(model, mnist.test.images, mnist.test.n);
  let correct = 0;
  const labels = mnist.test.labels as Int32Array;
  for (let i = 0; i < mnist.test.n; i++) if (pred[i] === labels[i]) correct++;
  return { model, testAccuracy: correct / mnist.test.n };
}

function withFeatures(model: tf.LayersModel, testAccuracy: number, dir: string): MnistClassifier {
  const features = tf.model({ inputs: model.inputs, outputs: model.getLayer(FEATURES).output as tf.SymbolicTensor });
  return { model, features, testAccuracy, dir };
}

/** The cached classifier, trained (about a minute) and cached on first use. */
export async function mnistClassifier(opts: { cacheDir?: string; stream?: NodeJS.WriteStream } = {}): Promise<MnistClassifier> {
  const dir = classifierDir(opts.cacheDir);
  if (existsSync(join(dir, 'meta.json'))) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { testAccuracy: number };
    return withFeatures(await loadLayersModel(dir), meta.testAccuracy, dir);
  }
  const stream = opts.stream ?? process.stderr;
  stream.write(`Training the MNIST classifier once; it is cached in ${dir}\n`);
  const { model, testAccuracy } = await train(stream);
  await replaceDirAtomic(dir, async (tmp) => {
    await saveLayersModel(model, tmp);
    writeJsonAtomic(join(tmp, 'meta.json'), { testAccuracy, recipe: RECIPE });
  });
  return withFeatures(model, testAccuracy, dir);
}

export interface MnistGanScores {
  /** KL(class histogram of generated digits || uniform over 10), nats. */
  class_kl: number;
  /** The same for the MNIST test set itself: the floor a perfect generator would reach. */
  class_kl_test: number;
  /** Fraction of generated digits the classifier assigns with probability >= 0.9. */
  confident_fraction: number;
  /** Fréchet distance between generated and test images in the classifier's 64 penultimate features. */
  frechet: number;
  /** The same between 2,500 training images and the test set: the distance of real data to itself. */
  frechet_train_vs_test: number;
  classifier_accuracy: number;
  samples: number;
}

function classHistogram(classes: Int32Array): number[] {
  const h = new Array<number>(10).fill(0);
  for (const c of classes) h[c]++;
  return h.map((x) => x / classes.length);
}

/** Scores n generated MNIST images (row-major [n, 784] in [0, 1]). */
export async function mnistGanScores(images: Float32Array, n: number, opts: { cacheDir?: string; stream?: NodeJS.WriteStream } = {}): Promise<MnistGanScores> {
  const c = await mnistClassifier(opts);
  const mnist = loadMnist();
  const uniform = new Array<number>(10).fill(0.1);
  const probs = mapChunks(c.model, images, n, (y) => tf.max(tf.softmax(y), 1), 1);
  let confident = 0;
  for (const p of probs) if (p >= 0.9) confident++;
  const test = mnist.test;
  const testFeatures = classifierFeatures(c, test.images, test.n);
  const trainSubset = mnist.train.images.subarray(0, 2500 * 784);
  const scores: MnistGanScores = {
    class_kl: klDivergence(classHistogram(predictClasses(c.model, images, n)), uniform) as number,
    class_kl_test: klDivergence(classHistogram(predictClasses(c.model, test.images, test.n)), uniform) as number,
    confident_fraction: confident / n,
    frechet: frechetDistance(classifierFeatures(c, images, n), n, testFeatures, test.n, RECIPE.features),
    frechet_train_vs_test: frechetDistance(classifierFeatures(c, trainSubset, 2500), 2500, testFeatures, test.n, RECIPE.features),
    classifier_accuracy: c.testAccuracy,
    samples: n,
  };
  c.model.dispose();
  return scores;
}
