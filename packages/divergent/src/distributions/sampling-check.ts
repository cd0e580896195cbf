// Checks a distribution's formulas against its own sampler: sample moments against `mean`
// and `variance`, and the Monte Carlo entropy -mean(log p(x)) against `entropy()`, each as
// a z-score (difference / standard error of the estimate). The tests of every family run
// through these; users can run them on a distribution of their own.
import * as tf from '@tensorflow/tfjs';
import type { Distribution } from './distribution.js';

export interface SamplingCheckOptions {
  samples: number;
  seed?: number;
}

export interface MomentCheck {
  /** Per batch and event entry: |sample mean - mean| / (sd / √n). */
  meanZ: number[];
  /** Per entry: |sample variance - variance| / se, se from the sample fourth central moment. */
  varianceZ: number[];
}

export function checkMoments(d: Distribution, options: SamplingCheckOptions): MomentCheck {
  const n = options.samples;
  return tf.tidy(() => {
    const x = d.sample([n], { seed: options.seed });
    const m = tf.mean(x, 0);
    const c = tf.sub(x, m);
    const v = tf.mean(tf.square(c), 0);
    const m4 = tf.mean(tf.pow(c, 4), 0);
    const mean = d.mean.dataSync();
    const variance = d.variance.dataSync();
    const [mv, vv, m4v] = [m.dataSync(), v.dataSync(), m4.dataSync()];
    const meanZ = Array.from(mv, (s, i) => zScore(s, mean[i], Math.sqrt(vv[i] / n)));
    const varianceZ = Array.from(vv, (s, i) => zScore(s, variance[i], Math.sqrt(Math.max(m4v[i] - s * s, 0) / n)));
    return { meanZ, varianceZ };
  });
}

/** Per batch entry: |entropy() + mean(log p(x))| / se over x ~ d. */
export function checkEntropy(d: Distribution, options: SamplingCheckOptions): number[] {
  const n = options.samples;
  return tf.tidy(() => {
    const lp = d.logProb(d.sample([n], { seed: options.seed }));
    const { mean, variance } = tf.moments(lp, 0);
    const h = d.entropy().dataSync();
    const mv = mean.dataSync();
    const vv = variance.dataSync();
    return Array.from(h, (e, i) => zScore(-mv[i], e, Math.sqrt(vv[i] / n)));
  });
}

function zScore(estimate: number, exact: number, se: number): number {
  if (estimate === exact) return 0;
  return Math.abs(estimate - exact) / se;
}
