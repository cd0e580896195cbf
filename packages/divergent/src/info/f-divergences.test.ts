import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DivergentInputError } from '../errors.js';
import {
  F_DIVERGENCE_NAMES,
  F_DIVERGENCES,
  F_GAN_DIVERGENCES,
  F_GAN_OBJECTIVES,
  alphaGenerator,
  fGanObjective,
  fGenerator,
} from './f-divergences.js';

beforeAll(async () => {
  await initBackend();
});

const us = [0.01, 0.3, 0.9, 1, 1.7, 5, 40];

describe('f-divergence generators', () => {
  it.each(F_DIVERGENCE_NAMES)('%s: f(1) = 0 and each term equals q·f(p/q)', (name) => {
    const g = F_DIVERGENCES[name];
    expect(g.f(1)).toBeCloseTo(0, 14);
    for (const [p, q] of [[0.2, 0.5], [0.7, 0.1], [0.05, 0.05], [1e-3, 0.9]]) {
      expect(g.term(p, q, Math.log(p / q))).toBeCloseTo(q * g.f(p / q), 12);
    }
  });

  it.each(F_DIVERGENCE_NAMES)('%s: atZero and slopeAtInfinity are the limits of f', (name) => {
    const g = F_DIVERGENCES[name];
    if (Number.isFinite(g.atZero)) expect(g.f(1e-14)).toBeCloseTo(g.atZero, 5);
    else expect(g.f(1e-14)).toBeGreaterThan(10);
    if (Number.isFinite(g.slopeAtInfinity)) expect(g.f(1e14) / 1e14).toBeCloseTo(g.slopeAtInfinity, 5);
    else expect(g.f(1e14) / 1e14).toBeGreaterThan(10);
  });

  it('alpha family: a = 2, -1, 1/2 give Pearson/2, Neyman/2 and 2·squared Hellinger; a -> 1, 0 give KL, reverse KL', () => {
    for (const u of us) {
      expect(alphaGenerator(2).f(u)).toBeCloseTo((u - 1) ** 2 / 2, 12);
      expect(alphaGenerator(-1).f(u)).toBeCloseTo((u - 1) ** 2 / (2 * u), 12);
      expect(alphaGenerator(0.5).f(u)).toBeCloseTo(2 * (Math.sqrt(u) - 1) ** 2, 12);
      // The KL and reverse-KL generators up to the affine part (u - 1), which sums to 0.
      expect(alphaGenerator(1).f(u)).toBeCloseTo(u * Math.log(u) - u + 1, 14);
      expect(alphaGenerator(1 + 1e-9).f(u)).toBeCloseTo(u * Math.log(u) - u + 1, 6);
      expect(alphaGenerator(0).f(u)).toBeCloseTo(-Math.log(u) + u - 1, 14);
      expect(alphaGenerator(-1e-9).f(u)).toBeCloseTo(-Math.log(u) + u - 1, 6);
    }
    expect(alphaGenerator(0.5).atZero).toBe(2);
    expect(alphaGenerator(0.5).slopeAtInfinity).toBe(2);
    expect(alphaGenerator(2).slopeAtInfinity).toBe(Infinity);
    expect(alphaGenerator(-1).atZero).toBe(Infinity);
  });

  it('tensor terms equal the number terms', () => {
    const p = [0.2, 0.7, 0.05, 1e-3];
    const q = [0.5, 0.1, 0.05, 0.9];
    const before = tf.memory().numTensors;
    for (const g of [...Object.values(F_DIVERGENCES), alphaGenerator(0.3), alphaGenerator(3)]) {
      const got = tf.tidy(() => {
        const pt = tf.tensor1d(p);
        const qt = tf.tensor1d(q);
        return g.termTensor(pt, qt, tf.log(tf.div(pt, qt))).arraySync() as number[];
      });
      p.forEach((pi, i) => {
        const want = g.term(pi, q[i], Math.log(pi / q[i]));
        // float32 tensors: relative error of a few ulps of 2^-24.
        expect(Math.abs(got[i] - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names an unknown choice and lists the valid ones', () => {
    expect(() => fGenerator('hellinger' as never)).toThrow(DivergentInputError);
    expect(() => fGenerator('hellinger' as never)).toThrow(/valid: kl, reverse-kl, js, pearson/);
    expect(() => fGenerator({ alpha: NaN })).toThrow(/alpha is NaN/);
  });
});

describe('f-GAN objectives (Nowozin et al. 2016, Table 2)', () => {
  it('use the paper\'s generators: js is u log u - (u+1) log((u+1)/2), gan is u log u - (u+1) log(u+1)', () => {
    for (const u of us) {
      expect(F_GAN_OBJECTIVES.js.f(u)).toBeCloseTo(u * Math.log(u) - (u + 1) * Math.log((u + 1) / 2), 12);
      expect(F_GAN_OBJECTIVES.gan.f(u)).toBeCloseTo(u * Math.log(u) - (u + 1) * Math.log(u + 1), 12);
      expect(F_GAN_OBJECTIVES.kl.f(u)).toBeCloseTo(u * Math.log(u), 12);
    }
  });

  it.each(F_GAN_DIVERGENCES)('%s: Fenchel–Young f*(t) >= t·u - f(u), with equality at t = f\'(u)', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    for (const u of us) {
      const tStar = o.fPrime(u);
      expect(o.conjugate(tStar)).toBeCloseTo(tStar * u - o.f(u), 10);
      for (const dt of [-1, -0.3, 0.2, 0.5]) {
        const t = tStar + dt;
        expect(o.conjugate(t)).toBeGreaterThanOrEqual(t * u - o.f(u) - 1e-12);
      }
    }
  });

  it.each(F_GAN_DIVERGENCES)('%s: g_f maps into dom f*, and f*(g_f(v)) has a stable closed form', (name) => {
    const o = F_GAN_OBJECTIVES[name];
    for (const v of [-6, -1, 0, 0.5, 3]) {
      const t = o.activation(v);
      expect(t).toBeGreaterThan(o.conjugateDomain[0]);
      expect(t).toBeLessThan(o.conjugateDomain[1]);
      expect(o.conjugateOfActivation(v)).toBeCloseTo(o.conjugate(t), 9);
    }
    const before = tf.memory().numTensors;
    const [a, c, ca] = tf.tidy(() => {
      const v = tf.tensor1d([-6, -1, 0, 0.5, 3]);
      return [o.activation(v), o.conjugate(o.activation(v)), o.conjugateOfActivation(v)].map(
        (t) => t.arraySync() as number[],
      );
    });
    [-6, -1, 0, 0.5, 3].forEach((x, i) => {
      expect(a[i]).toBeCloseTo(o.activation(x), 4);
      expect(ca[i]).toBeCloseTo(o.conjugateOfActivation(x), 3);
      expect(c[i]).toBeCloseTo(ca[i], 2);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('states the scale of each bound: f-GAN js is twice our JS; gan is 2·JS - log 4', () => {
    expect(F_GAN_OBJECTIVES.js).toMatchObject({ divergence: 'js', scale: 2, offset: 0 });
    expect(F_GAN_OBJECTIVES.gan).toMatchObject({ divergence: 'js', scale: 2 });
    expect(F_GAN_OBJECTIVES.gan.offset).toBeCloseTo(-Math.log(4), 15);
    expect(F_GAN_OBJECTIVES.kl).toMatchObject({ divergence: 'kl', scale: 1, offset: 0 });
    expect(() => fGanObjective('neyman')).toThrow(/divergence: unknown f-GAN divergence "neyman"; valid: kl, reverse-kl, js, pearson, squared-hellinger, gan/);
  });
});
