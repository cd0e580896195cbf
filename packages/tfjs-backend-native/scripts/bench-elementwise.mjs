// Speed of the element-wise side of the native backend, printed as one JSON object:
// fused Adam vs tf.train.adam on the 784-400-20 VAE's parameters, the fused VAE losses vs
// their composite definitions (forward + backward), single kernels on 'native' vs 'cpu',
// and the float64 kernels on 10M entries beside scipy (run in the same process tree when
// /usr/bin/python3 has scipy). Usage (after `npm run build`):
//   node packages/tfjs-backend-native/scripts/bench-elementwise.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { float64Kernels, fused, nativeAdam, numThreads } from '../dist/index.js';

/** Median milliseconds of `reps` calls after two warm-up calls. */
function median(f, reps = 21) {
  f();
  f();
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return +ts[Math.floor(reps / 2)].toFixed(4);
}

function adamMs(make, prefix) {
  const shapes = [[784, 400], [400], [400, 40], [40], [20, 400], [400], [400, 784], [784]];
  const vars = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i), true, `${prefix}${i}`)));
  const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.randomNormal(v.shape, 0, 1, 'float32', 100 + i) }));
  const opt = make();
  const ms = median(() => opt.applyGradients(grads));
  opt.dispose();
  tf.dispose([...vars, ...grads.map((g) => g.tensor)]);
  return ms;
}

function lossesMs(bce, kl) {
  const [l, x, mu, lv] = [[128, 784], [128, 784], [128, 20], [128, 20]].map((s, i) => tf.randomNormal(s, 0, 1, 'float32', i));
  const ms = median(() =>
    tf.tidy(() => tf.grads((a, b) => bce(a, x).sum().add(kl(b, lv).sum()))([l, mu])),
  );
  tf.dispose([l, x, mu, lv]);
  return ms;
}

const bceComposite = (l, x) => tf.relu(l).sub(l.mul(x)).add(tf.log1p(tf.exp(tf.abs(l).neg()))).sum(-1);
const klComposite = (mu, lv) => tf.scalar(-0.5).mul(tf.scalar(1).add(lv).sub(mu.square()).sub(tf.exp(lv)).sum(-1));

function kernelsMs() {
  const h = tf.randomNormal([128, 400], 0, 1, 'float32', 1);
  const bias = tf.randomNormal([400], 0, 1, 'float32', 2);
  const ops = {
    add_bias_128x400: () => h.add(bias),
    relu_128x400: () => tf.relu(h),
    tanh_128x400: () => tf.tanh(h),
    exp_128x400: () => tf.exp(h),
    sum_axis0_128x400: () => h.sum(0),
    softmax_128x400: () => tf.softmax(h),
  };
  const out = {};
  for (const [name, f] of Object.entries(ops)) out[name] = median(() => tf.tidy(f));
  tf.dispose([h, bias]);
  return out;
}

function float64Seconds() {
  const n = 10_000_000;
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = rnd();
    q[i] = rnd();
  }
  const sec = (f) => +(median(f, 5) / 1000).toFixed(5);
  return {
    n,
    xlogx_s: sec(() => float64Kernels.xlogx(p)),
    relEntr_s: sec(() => float64Kernels.relEntr(p, q)),
    jsTerms_s: sec(() => float64Kernels.jsTerms(p, q)),
  };
}

function scipy() {
  const script = fileURLToPath(new URL('../../../../shared/bench/scipy_info.py', import.meta.url));
  if (!existsSync(script) || !existsSync('/usr/bin/python3')) return null;
  try {
    return JSON.parse(execFileSync('/usr/bin/python3', [script], { encoding: 'utf8' }));
  } catch {
    return null;
  }
}

await tf.setBackend('native');
const result = {
  threads: numThreads(),
  adam_784_400_20_ms: { native: adamMs(() => nativeAdam(1e-3), 'nat'), tf_train_adam: adamMs(() => tf.train.adam(1e-3), 'ref') },
  vae_losses_fwd_bwd_ms: {
    fused: lossesMs(fused.bceWithLogits, fused.gaussianKlStdNormal),
    composite: lossesMs(bceComposite, klComposite),
  },
  kernels_ms: { native: kernelsMs() },
};
await tf.setBackend('cpu');
result.kernels_ms.cpu = kernelsMs();
result.float64 = float64Seconds();
result.scipy = scipy();
console.log(JSON.stringify(result));
