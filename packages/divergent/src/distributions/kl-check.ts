// Checks a closed-form KL against its Monte Carlo estimate: how many standard errors apart
// they are, per batch entry. The tests of every closed form run through it, and users can
// run it on a pair they registered themselves.
import * as tf from '@tensorflow/tfjs';
import type { Distribution } from './distribution.js';
import { kl } from './kl.js';

export interface KLCheck {
  closedForm: number[];
  estimate: number[];
  stdError: number[];
  /** |closedForm - estimate| / stdError; values above ~4 mean the closed form is suspect. */
  zScore: number[];
}

export function checkKL(p: Distribution, q: Distribution, options: { mcSamples: number; seed?: number }): KLCheck {
  return tf.tidy(() => {
    const closedForm = Array.from(kl(p, q).dataSync());
    const mc = kl(p, q, options);
    const estimate = Array.from(mc.value.dataSync());
    const stdError = Array.from(mc.stdError.dataSync());
    const zScore = closedForm.map((c, i) => (c === estimate[i] ? 0 : Math.abs(c - estimate[i]) / stdError[i]));
    return { closedForm, estimate, stdError, zScore };
  });
}
