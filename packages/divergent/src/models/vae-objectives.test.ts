import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { klToStandardNormal, type VaeOutputs } from './vae.js';
import {
  batchElbo, elboObjective, iwaeObjective, keepElboOutputs, klSchedule, parseAnneal, parseObjectiveKind, plainElboKlWeight, type ElboSettings,
} from './vae-objectives.js';

beforeAll(async () => {
  await initBackend();
});

// Two inputs, two latent dimensions. Row 1: μ = (0.5, -1), σ² = (1, 0.25); row 2: the prior.
// KL_j = ½(μ² + σ² - 1 - ln σ²): row 1 gives 0.125 and 0.5(0.25 + ln 4) = 0.8181471805599453,
// row 2 gives 0 and 0. Batch means per dimension: 0.0625 and 0.40907359027997264.
const KL_MEAN = 0.125 / 2 + 0.8181471805599453 / 2; // 0.4715735902799727
const REC = -15; // mean of log p(x|z) = (-10, -20)

/** The case above; with `reconstruction`, also -log p(x|z) per input, as the fused pass gives it. */
function outputs(reconstruction = false): VaeOutputs {
  const mu = tf.tensor2d([[0.5, -1], [0, 0]]);
  const logvar = tf.tensor2d([[0, Math.log(0.25)], [0, 0]]);
  const klPerDim = klToStandardNormal(mu, logvar);
  return {
    mu,
    logvar,
    z: tf.zeros([1, 2, 2]),
    kl: tf.sum(klPerDim, -1),
    klPerDim,
    logPxGivenZ: tf.tensor2d([[-10, -20]]),
    ...(reconstruction ? { reconstruction: tf.tensor1d([10, 20]) } : {}),
  };
}

const plain: ElboSettings = { beta: 1, anneal: { kind: 'constant' }, freeBits: 0 };

/** The loss, and the logged ELBO and KL, from outputs with log p(x|z) and, the second time, with -log p(x|z) too. */
function elboLoss(settings: ElboSettings, step = 1, totalSteps = 100): { loss: number; elbo: number; kl: number } {
  const [general, fused] = [false, true].map((reconstruction) =>
    tf.tidy(() => {
      const out = outputs(reconstruction);
      const loss = elboObjective(out, settings, { step, totalSteps }).loss;
      return { loss: loss.dataSync()[0], ...batchElbo(out) };
    }),
  );
  expect(fused.loss).toBeCloseTo(general.loss, 5);
  expect(fused.elbo).toBeCloseTo(general.elbo, 5);
  expect(fused.kl).toBe(general.kl);
  return general;
}

describe('KL(q(z|x) ‖ N(0, I)) from the distributions registry', () => {
  it('equals ½(μ² + σ² - 1 - ln σ²) per dimension', () => {
    const got = tf.tidy(() => klToStandardNormal(tf.tensor2d([[0.5, -1]]), tf.tensor2d([[0, Math.log(0.25)]])).dataSync());
    expect(got[0]).toBeCloseTo(0.125, 6);
    expect(got[1]).toBeCloseTo(0.8181471805599453, 6);
  });
});

describe('ELBO objective on a hand-computed case', () => {
  it('ELBO = mean log p(x|z) - mean Σ_j KL_j; loss = -ELBO', () => {
    const before = tf.memory().numTensors;
    const r = elboLoss(plain);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.elbo).toBeCloseTo(REC - KL_MEAN, 5);
    expect(r.loss).toBeCloseTo(-(REC - KL_MEAN), 5);
    expect(r.kl).toBeCloseTo(KL_MEAN, 6);
  });

  it('β multiplies the KL in the loss, not in the reported ELBO', () => {
    const r = elboLoss({ ...plain, beta: 2 });
    expect(r.loss).toBeCloseTo(15 + 2 * KL_MEAN, 5);
    expect(r.elbo).toBeCloseTo(REC - KL_MEAN, 5);
  });

  it('free bits floor each dimension’s batch-averaged KL: max(0.1, 0.0625) + max(0.1, 0.40907)', () => {
    const r = elboLoss({ ...plain, freeBits: 0.1 });
    expect(r.loss).toBeCloseTo(15 + 0.1 + 0.40907359027997264, 5);
    // A per-example floor would give 15 + mean(0.943147, 0.2) = 15.5716: the batch average matters.
    expect(r.kl).toBeCloseTo(KL_MEAN, 6);
  });

  it('linear annealing weights the KL by min(1, t/N)', () => {
    const anneal = parseAnneal('linear:4');
    expect(elboLoss({ ...plain, anneal }, 1).loss).toBeCloseTo(15 + 0.25 * KL_MEAN, 5);
    expect(elboLoss({ ...plain, anneal }, 3).loss).toBeCloseTo(15 + 0.75 * KL_MEAN, 5);
    expect(elboLoss({ ...plain, anneal }, 9).loss).toBeCloseTo(15 + KL_MEAN, 5);
  });

  it('cyclical annealing ramps over the first half of each of M cycles (Fu et al. 2019)', () => {
    const a = klSchedule(parseAnneal('cyclical:2'));
    const weights = Array.from({ length: 8 }, (_, i) => a({ step: i + 1, totalSteps: 8 }));
    expect(weights).toEqual([0, 0.5, 1, 1, 0, 0.5, 1, 1]);
    expect(elboLoss({ ...plain, anneal: parseAnneal('cyclical:2') }, 2, 8).loss).toBeCloseTo(15 + 0.5 * KL_MEAN, 5);
  });

  it('gives the KL weight β·a(t) of a loss mean(rec + w·KL), and none with free bits or for IWAE', () => {
    const ctx = { step: 3, totalSteps: 8 };
    expect(plainElboKlWeight({ kind: 'elbo', ...plain, beta: 2, anneal: parseAnneal('linear:4') }, ctx)).toBe(1.5);
    expect(plainElboKlWeight({ kind: 'elbo', ...plain }, ctx)).toBe(1);
    expect(plainElboKlWeight({ kind: 'elbo', ...plain, freeBits: 0.1 }, ctx)).toBeNull();
    expect(plainElboKlWeight({ kind: 'iwae', k: 5 }, ctx)).toBeNull();
  });
});

describe('the logged terms', () => {
  it('keep what batchElbo reads past the scope that made it, and nothing else', () => {
    const before = tf.memory().numTensors;
    const kept = tf.tidy(() => keepElboOutputs(outputs(true)));
    expect(tf.memory().numTensors).toBe(before + 2); // kl and reconstruction
    const { elbo, kl } = batchElbo(kept);
    expect(elbo).toBeCloseTo(REC - KL_MEAN, 5);
    expect(kl).toBeCloseTo(KL_MEAN, 6);
    tf.dispose(Object.values(kept));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('IWAE objective', () => {
  it('is -log((e^-2 + e^-4)/2) = 2.5662191695 for log weights (-2, -4)', () => {
    const r = tf.tidy(() => {
      const out: VaeOutputs = {
        ...outputs(),
        logPxGivenZ: tf.tensor2d([[-1, -1], [-3, -3]]),
        logPz: tf.fill([2, 2], -2),
        logQz: tf.fill([2, 2], -1),
      };
      return iwaeObjective(out).loss.dataSync()[0];
    });
    expect(r).toBeCloseTo(2.5662191695169727, 5);
  });
});

describe('option parsing', () => {
  it('rejects malformed --anneal and --objective with the valid forms', () => {
    expect(() => parseAnneal('linear:0')).toThrow(/linear:N/);
    expect(() => parseAnneal('cosine:3')).toThrow(/cyclical:M/);
    expect(parseObjectiveKind('iwae:5')).toEqual({ kind: 'iwae', k: 5 });
    expect(() => parseObjectiveKind('iwae:0')).toThrow(/iwae:K/);
  });
});
