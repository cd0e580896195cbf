import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { randomValues, runOn } from '../../test/oracle.js';
import { BACKEND_NAME, bernoulliVae, bernoulliVaeGradients, fused, mlp, mlpHeads, type BernoulliVaeGradients, type GaussianEncoder, type MlpLayer } from '../index.js';

interface Net {
  encoder: GaussianEncoder;
  decoder: MlpLayer[];
}

/** Seeded layers data -> hidden... -> (mean, logVariance) of width latent, and back; no bias on the decoder's second layer. */
function makeNet(ts: tf.Tensor[], hidden: number[], activation: MlpLayer['activation']): Net {
  let next = 0;
  const layer = (biased: boolean, act: MlpLayer['activation']): MlpLayer => ({
    w: ts[next++] as tf.Tensor2D,
    b: biased ? (ts[next++] as tf.Tensor1D) : undefined,
    activation: act,
  });
  const trunk = hidden.map(() => layer(true, activation));
  const mean = layer(true, 'linear');
  const logVariance = layer(true, 'linear');
  const decoder = [...hidden.map((_, i) => layer(i !== 1, activation)), layer(true, 'linear')];
  return { encoder: { trunk, mean, logVariance }, decoder };
}

/** [x (binary), eps, then every weight and bias in makeNet's order] for data -> hidden -> latent. */
function inputs(batch: number, data: number, hidden: number[], latent: number, seed: number) {
  const x = randomValues(batch * data, seed).map((v) => (v > 0 ? 1 : 0));
  const params: { shape: number[]; values: Float32Array }[] = [];
  const add = (shape: number[]) => params.push({ shape, values: randomValues(shape[0] * (shape[1] ?? 1), seed + params.length + 1, -0.4, 0.4) });
  const widths = [data, ...hidden];
  hidden.forEach((h, i) => (add([widths[i], h]), add([h])));
  const top = widths[widths.length - 1];
  add([top, latent]), add([latent]), add([top, latent]), add([latent]);
  const back = [latent, ...[...hidden].reverse()];
  back.slice(1).forEach((h, i) => (add([back[i], h]), i !== 1 && add([h])));
  add([back[back.length - 1], data]), add([data]);
  return [
    { shape: [batch, data], values: x },
    { shape: [batch, latent], values: randomValues(batch * latent, seed + 500, -2, 2) },
    ...params,
  ];
}

/** The same pass from the separate ops: mlpHeads, reparameterize, mlp, bceWithLogits, gaussianKlStdNormal. */
function composed(x: tf.Tensor2D, net: Net, eps: tf.Tensor2D) {
  const [mu, logvar] = mlpHeads(x, net.encoder.trunk, [net.encoder.mean, net.encoder.logVariance]);
  const z = fused.reparameterize(mu, logvar, eps) as tf.Tensor2D;
  return { reconstruction: fused.bceWithLogits(mlp(z, net.decoder), x), kl: fused.gaussianKlStdNormal(mu, logvar), mu, logvar, z };
}

type Pass = typeof composed;

/**
 * The five outputs and the gradients, with respect to x, eps and every parameter, of a loss
 * that weighs every output (so each one's upstream gradient is exercised).
 */
function outputsAndGrads(pass: Pass, hidden: number[], activation: MlpLayer['activation']) {
  return (...ts: tf.Tensor[]): tf.Tensor[] => {
    const run = (...ps: tf.Tensor[]) => pass(ps[0] as tf.Tensor2D, makeNet(ps.slice(2), hidden, activation), ps[1] as tf.Tensor2D);
    const loss = (...ps: tf.Tensor[]) => {
      const o = run(...ps);
      const w = (t: tf.Tensor, s: number) => tf.sum(tf.mul(t, tf.sin(tf.add(tf.range(0, t.size).reshape(t.shape), s))));
      return tf.addN([w(o.reconstruction, 0), w(o.kl, 1), w(o.mu, 2), w(o.logvar, 3), w(o.z, 4)]) as tf.Scalar;
    };
    const o = run(...ts);
    return [o.reconstruction, o.kl, o.mu, o.logvar, o.z, ...tf.grads(loss)(ts)];
  };
}

/** Only the ELBO's terms: the upstream gradients of mu, logvar and z are absent. */
function elboGrads(pass: Pass, hidden: number[], activation: MlpLayer['activation']) {
  return (...ts: tf.Tensor[]): tf.Tensor[] =>
    tf.grads((...ps: tf.Tensor[]) => {
      const o = pass(ps[0] as tf.Tensor2D, makeNet(ps.slice(2), hidden, activation), ps[1] as tf.Tensor2D);
      return tf.mean(tf.add(o.reconstruction, o.kl)) as tf.Scalar;
    })(ts).slice(2);
}

const fusedPass: Pass = (x, net, eps) => bernoulliVae(x, net.encoder, net.decoder, eps);
const valuesOnlyPass: Pass = (x, net, eps) => bernoulliVae(x, net.encoder, net.decoder, eps, { latentGradients: false });

/** The five outputs alone. */
function outputs(pass: Pass, hidden: number[], activation: MlpLayer['activation']) {
  return (...ts: tf.Tensor[]): tf.Tensor[] => {
    const o = pass(ts[0] as tf.Tensor2D, makeNet(ts.slice(2), hidden, activation), ts[1] as tf.Tensor2D);
    return [o.reconstruction, o.kl, o.mu, o.logvar, o.z];
  };
}

/** The ELBO terms, then ∂ mean(reconstruction + klWeight·kl) / ∂ every parameter, by tf.grads through bernoulliVae. */
function elboTermsAndGradsOnTape(hidden: number[], activation: MlpLayer['activation'], klWeight: number) {
  return (...ts: tf.Tensor[]): tf.Tensor[] => {
    const run = (ps: tf.Tensor[]) => fusedPass(ts[0] as tf.Tensor2D, makeNet(ps, hidden, activation), ts[1] as tf.Tensor2D);
    const o = run(ts.slice(2));
    const grads = tf.grads((...ps: tf.Tensor[]) => {
      const t = run(ps);
      return tf.mean(tf.add(t.reconstruction, klWeight === 1 ? t.kl : tf.mul(t.kl, klWeight))) as tf.Scalar;
    })(ts.slice(2));
    return [o.reconstruction, o.kl, ...grads];
  };
}

/** The same from bernoulliVaeGradients, its layers' gradients flattened in makeNet's order. */
function elboTermsAndGrads(hidden: number[], activation: MlpLayer['activation'], klWeight: number) {
  return (...ts: tf.Tensor[]): tf.Tensor[] => {
    const net = makeNet(ts.slice(2), hidden, activation);
    return flat(bernoulliVaeGradients(ts[0] as tf.Tensor2D, net.encoder, net.decoder, ts[1] as tf.Tensor2D, { klWeight }));
  };
}

function flat(g: BernoulliVaeGradients): tf.Tensor[] {
  return [g.reconstruction, g.kl, ...g.layers.flatMap((l) => (l.b == null ? [l.w] : [l.w, l.b]))];
}

function expectIdentical(a: { values: Float32Array }[], b: { values: Float32Array }[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((r, i) => expect(Array.from(r.values), `result ${i}`).toEqual(Array.from(b[i].values)));
}

/** Every entry within 2e-5 of the largest magnitude of its result (float sums in another order). */
function expectClose(a: { values: Float32Array }[], b: { values: Float32Array }[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((r, i) => {
    const scale = Math.max(1, ...Array.from(b[i].values, Math.abs));
    r.values.forEach((v, j) => expect(Math.abs(v - b[i].values[j]), `result ${i}[${j}]`).toBeLessThanOrEqual(2e-5 * scale));
  });
}

describe('bernoulliVae (a whole VAE pass as one op)', () => {
  afterEach(async () => {
    await tf.setBackend(BACKEND_NAME);
  });

  const cases: [number, number, number[], number, MlpLayer['activation']][] = [
    [7, 12, [9, 6], 3, 'tanh'],
    [33, 20, [16], 5, 'relu'],
    [1, 5, [4, 4, 3], 2, 'elu'],
  ];

  it('gives the composed ops\' ELBO gradients bit for bit (the same native calls in the same order)', async () => {
    for (const [i, [batch, data, hidden, latent, act]] of cases.entries()) {
      const ins = inputs(batch, data, hidden, latent, 10 * i + 1);
      expectIdentical(await runOn(BACKEND_NAME, ins, elboGrads(fusedPass, hidden, act)), await runOn(BACKEND_NAME, ins, elboGrads(composed, hidden, act)));
    }
  });

  it('gives the composed ops\' outputs, and gradients with respect to x, eps and every parameter, with every output in the loss', async () => {
    // Several upstream gradients reach mu and logvar here, and tfjs sums them in another
    // order than the op does: equal to rounding.
    for (const [i, [batch, data, hidden, latent, act]] of cases.entries()) {
      const ins = inputs(batch, data, hidden, latent, 10 * i + 3);
      expectClose(await runOn(BACKEND_NAME, ins, outputsAndGrads(fusedPass, hidden, act)), await runOn(BACKEND_NAME, ins, outputsAndGrads(composed, hidden, act)));
    }
  });

  it('gives the same outputs and ELBO gradients bit for bit with latentGradients false (mu, logvar and z as values)', async () => {
    for (const [i, [batch, data, hidden, latent, act]] of cases.entries()) {
      const ins = inputs(batch, data, hidden, latent, 10 * i + 5);
      expectIdentical(await runOn(BACKEND_NAME, ins, outputs(valuesOnlyPass, hidden, act)), await runOn(BACKEND_NAME, ins, outputs(fusedPass, hidden, act)));
      expectIdentical(await runOn(BACKEND_NAME, ins, elboGrads(valuesOnlyPass, hidden, act)), await runOn(BACKEND_NAME, ins, elboGrads(fusedPass, hidden, act)));
    }
  });

  it('bernoulliVaeGradients gives tf.grads\' ELBO gradients bit for bit without a tape, for any KL weight', async () => {
    for (const [i, [batch, data, hidden, latent, act]] of cases.entries()) {
      const ins = inputs(batch, data, hidden, latent, 10 * i + 7);
      for (const klWeight of [1, 0.37]) {
        const direct = await runOn(BACKEND_NAME, ins, elboTermsAndGrads(hidden, act, klWeight));
        expectIdentical(direct, await runOn(BACKEND_NAME, ins, elboTermsAndGradsOnTape(hidden, act, klWeight)));
        // and the same, to rounding, where it is tf.grads itself
        expectClose(direct, await runOn('cpu', ins, elboTermsAndGrads(hidden, act, klWeight)));
      }
    }
  });

  it('matches the composed ops on the cpu backend (where it is those ops) within float tolerance', async () => {
    const [batch, data, hidden, latent, act] = cases[0];
    const ins = inputs(batch, data, hidden, latent, 77);
    expectClose(await runOn(BACKEND_NAME, ins, outputsAndGrads(fusedPass, hidden, act)), await runOn('cpu', ins, outputsAndGrads(fusedPass, hidden, act)));
  });

  it('gives reconstruction = Σ BCE and kl in closed form, worked by hand for a one-unit net', () => {
    // x = [1, 0]; trunk h = x·[[1], [1]] = 1 (linear); mu = 0.5·h = 0.5, logvar = -1·h = -1;
    // z = mu + eps·e^{-1/2} with eps = 0 -> 0.5; logits = z·[2, -2] + [0, 1] = [1, 0].
    // BCE(1, 1) = log(1 + e^{-1}) = 0.31326169, BCE(0, 0) = log 2 = 0.69314718.
    // KL = ½(mu² + e^{logvar} - 1 - logvar) = ½(0.25 + 0.36787944 - 1 + 1) = 0.30893972.
    const t = (v: number[], s: number[]) => tf.tensor(v, s);
    const out = bernoulliVae(
      t([1, 0], [1, 2]) as tf.Tensor2D,
      {
        trunk: [{ w: t([1, 1], [2, 1]) as tf.Tensor2D, activation: 'linear' }],
        mean: { w: t([0.5], [1, 1]) as tf.Tensor2D, activation: 'linear' },
        logVariance: { w: t([-1], [1, 1]) as tf.Tensor2D, activation: 'linear' },
      },
      [{ w: t([2, -2], [1, 2]) as tf.Tensor2D, b: t([0, 1], [2]) as tf.Tensor1D, activation: 'linear' }],
      t([0], [1, 1]) as tf.Tensor2D,
    );
    expect(out.reconstruction.dataSync()[0]).toBeCloseTo(0.31326169 + 0.69314718, 6);
    expect(out.kl.dataSync()[0]).toBeCloseTo(0.30893972, 6);
    expect(out.z.dataSync()[0]).toBeCloseTo(0.5, 7);
  });

  it('leaks no tensor with or without a tape', () => {
    const [batch, data, hidden, latent, act] = cases[1];
    const ts = inputs(batch, data, hidden, latent, 5).map((i) => tf.tensor(i.values, i.shape));
    const net = makeNet(ts.slice(2), hidden, act);
    const before = tf.memory().numTensors;
    for (const pass of [fusedPass, valuesOnlyPass]) {
      tf.tidy(() => {
        pass(ts[0] as tf.Tensor2D, net, ts[1] as tf.Tensor2D);
      });
      const grads = tf.grads((...ps: tf.Tensor[]) => tf.sum(pass(ps[0] as tf.Tensor2D, makeNet(ps.slice(2), hidden, act), ps[1] as tf.Tensor2D).kl))(ts);
      tf.dispose(grads);
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose(flat(bernoulliVaeGradients(ts[0] as tf.Tensor2D, net.encoder, net.decoder, ts[1] as tf.Tensor2D, { klWeight: 0.5 })));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(ts);
  });

  it('rejects layers that do not fit, naming the layer', () => {
    const z = (...s: number[]) => tf.zeros(s);
    const l = (i: number, o: number): MlpLayer => ({ w: z(i, o) as tf.Tensor2D, activation: 'tanh' });
    const x = z(4, 6) as tf.Tensor2D;
    const eps = z(4, 2) as tf.Tensor2D;
    const enc = { trunk: [l(6, 3)], mean: l(3, 2), logVariance: l(3, 2) };
    expect(() => bernoulliVae(x, { ...enc, trunk: [] }, [l(2, 6)], eps)).toThrow(/encoder.trunk must hold at least one layer/);
    expect(() => bernoulliVae(x, { ...enc, logVariance: l(3, 4) }, [l(2, 6)], eps)).toThrow(/same width, got 2 and 4/);
    expect(() => bernoulliVae(x, enc, [l(3, 6)], eps)).toThrow(/decoder\[0\]\.w must have shape \[2, out\], got \[3,6\]/);
    expect(() => bernoulliVae(x, enc, [l(2, 5)], eps)).toThrow(/the decoder must give x's 6 columns, got 5/);
    expect(() => bernoulliVae(x, enc, [l(2, 6)], z(3, 2) as tf.Tensor2D)).toThrow(/eps must have shape \[4, 2\], got \[3,2\]/);
  });
});
