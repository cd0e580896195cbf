import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, isNativeBackend } from '../backend.js';
import { Bernoulli, kl, Normal } from '../distributions/index.js';
import { Rng } from '../random.js';
import { buildVae, preset } from './vae-presets.js';
import { klToStandardNormal, klToStandardNormalRows, reparameterize, standardNormal, type VaeOutputs } from './vae.js';
import { fusedOps } from './vae-fused.js';
import { objectiveTerms, type ObjectiveSpec } from './vae-objectives.js';
import { bernoulliLogProb } from './vae-likelihoods.js';

beforeAll(async () => {
  await initBackend();
});

function randomTensor(shape: number[], seed: number, scale = 3): tf.Tensor {
  const r = new Rng(seed);
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * r.normal()), shape);
}

/** Value and gradient of Σ f(a, b) with respect to a and b. */
function valueAndGrads(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor): number[][] {
  return tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => tf.sum(f(x, y)) as tf.Scalar)([a, b]);
    return [Array.from(value.dataSync()), ...grads.map((g) => Array.from(g.dataSync()))];
  });
}

function expectClose(a: number[][], b: number[][], tol: number): void {
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(tol * (1 + Math.abs(b[i][j])))));
}

describe('the fused VAE ops equal the registry formulas they replace', () => {
  it('runs on the native backend, where the fused ops are in use', () => {
    expect(isNativeBackend()).toBe(true);
    expect(fusedOps()).not.toBeNull();
  });

  it('Σ_j KL(N(μ_j, e^{logvar_j}) ‖ N(0, 1)): fused kernel = Σ kl(Normal, Normal) from the registry, values and gradients', () => {
    const mu = randomTensor([7, 5], 1, 2);
    const logvar = randomTensor([7, 5], 2, 1.5);
    const before = tf.memory().numTensors;
    const fused = valueAndGrads((m, lv) => klToStandardNormalRows(m, lv), mu, logvar);
    const registry = valueAndGrads(
      (m, lv) => tf.sum(kl(new Normal(m, tf.exp(tf.mul(lv, 0.5))), new Normal(0, 1)), -1),
      mu,
      logvar,
    );
    expect(tf.memory().numTensors).toBe(before);
    expectClose(fused, registry, 1e-5);
    tf.dispose([mu, logvar]);
  });

  it('Σ_d log Bernoulli(x_d; logits): fused BCE = Σ Bernoulli.logProb from the registry, values and logit gradients, broadcasting x over samples', () => {
    const logits = randomTensor([3, 4, 6], 3, 8);
    const r = new Rng(4);
    const x = tf.tensor2d(Array.from({ length: 24 }, () => (r.uniform() < 0.5 ? 1 : 0)), [4, 6]);
    const fused = valueAndGrads((l) => bernoulliLogProb(l, x), logits, x);
    const registry = valueAndGrads((l) => tf.sum(new Bernoulli({ logits: l }).logProb(x), -1), logits, x);
    // Compare the value and the gradient with respect to the logits.
    expectClose(fused.slice(0, 2), registry.slice(0, 2), 1e-5);
    tf.dispose([logits, x]);
  });

  it('z = μ + exp(logvar/2)·ε with k samples per posterior: fused op = the tfjs formula, values and all three gradients', () => {
    const mu = randomTensor([4, 3], 5, 2);
    const logvar = randomTensor([4, 3], 6, 1.5);
    const eps = randomTensor([2, 4, 3], 7, 1);
    const w = tf.range(1, 25).reshape([2, 4, 3]);
    const before = tf.memory().numTensors;
    const valueAndGrads3 = (f: (m: tf.Tensor, lv: tf.Tensor, e: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((m: tf.Tensor, lv: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(f(m, lv, e), w)) as tf.Scalar)([mu, logvar, eps]);
        return [Array.from(value.dataSync()), ...grads.map((g) => Array.from(g.dataSync()))];
      });
    const fused = valueAndGrads3(reparameterize);
    const formula = valueAndGrads3((m, lv, e) => tf.add(m, tf.mul(tf.exp(tf.mul(lv, 0.5)), e)));
    expect(tf.memory().numTensors).toBe(before);
    expectClose(fused, formula, 1e-6);
    tf.dispose([mu, logvar, eps, w]);
  });
});

describe('Vae.forward as one op', () => {
  it('gives the ELBO, KL and every gradient of the separate ops bit for bit, with the per-dimension KL too', async () => {
    const vae = buildVae({ ...preset('article'), init: 'torch-default' }, 20, [4, 5], new Rng(3));
    const r = new Rng(8);
    const x = tf.tensor2d(Array.from({ length: 9 * 20 }, () => (r.uniform() < 0.4 ? 1 : 0)), [9, 20]);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        vae.forward(x, { seed: 1 });
      });
    });
    expect(profile.kernelNames).toContain('DivergentBernoulliVae');
    // The same pass from the separate ops forward() used before: encode, reparameterise,
    // decode, Bernoulli log-likelihood, KL rows (or per dimension).
    const separate = (klPerDim: boolean): VaeOutputs => {
      const { mu, logvar } = vae.encode(x);
      const z = reparameterize(mu, logvar, standardNormal([1, ...mu.shape], 11));
      const klDims = klPerDim ? klToStandardNormal(mu, logvar) : undefined;
      const klRows = klDims ? tf.sum(klDims, -1) : klToStandardNormalRows(mu, logvar);
      return { mu, logvar, z, kl: klRows, klPerDim: klDims, logPxGivenZ: bernoulliLogProb(vae.decode(z), x) };
    };
    const before = tf.memory().numTensors;
    for (const klPerDim of [false, true]) {
      const run = (pass: () => VaeOutputs) =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const o = pass();
            const kl = klPerDim ? tf.sum(tf.maximum(tf.mean(o.klPerDim!, 0), 0.1)) : tf.mean(o.kl);
            return tf.add(tf.neg(tf.mean(o.logPxGivenZ)), kl) as tf.Scalar;
          }, vae.variables);
          return [value, ...vae.variables.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
        });
      const oneOp = run(() => vae.forward(x, { seed: 11, klPerDim }));
      expect(oneOp).toEqual(run(() => separate(klPerDim)));
      expect(oneOp[0][0]).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
    x.dispose();
  });

  it('gives the ELBO objective’s gradients without a tape (elboGradients), bit for bit, for any KL weight', () => {
    const vae = buildVae({ ...preset('article'), init: 'torch-default' }, 20, [4, 5], new Rng(4));
    const r = new Rng(9);
    const x = tf.tensor2d(Array.from({ length: 9 * 20 }, () => (r.uniform() < 0.4 ? 1 : 0)), [9, 20]);
    const before = tf.memory().numTensors;
    const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
    for (const beta of [1, 0.3]) {
      const spec: ObjectiveSpec = { kind: 'elbo', beta, anneal: { kind: 'constant' }, freeBits: 0 };
      const taped = tf.tidy(() => {
        const out = vae.forward(x, { seed: 5, latentGradients: false });
        const { grads } = tf.variableGrads(() => objectiveTerms(vae.forward(x, { seed: 5, latentGradients: false }), spec, { step: 1, totalSteps: 1 }).loss, vae.variables);
        return [...values([out.reconstruction!, out.kl]), ...values(vae.variables.map((v) => grads[v.name]))];
      });
      const direct = vae.elboGradients(x, { seed: 5, klWeight: beta })!;
      expect([...values([direct.reconstruction, direct.kl]), ...values(vae.variables.map((v) => direct.grads[v.name]))]).toEqual(taped);
      tf.dispose([direct.reconstruction, direct.kl, ...Object.values(direct.grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
    x.dispose();
  });
});
