// The toy-target diagnostics of a GAN run, on generated samples: modes covered, the fraction
// of high-quality samples, and how far the generated mode histogram is from the uniform one
// the target has (KL and JS, from src/info). Samples within 3 sigma of a mode are
// high-quality; the histogram counts those only.
import type { Toy2d } from '../data/toy2d.js';
import { jsDivergence } from '../info/js.js';
import { klDivergence } from '../info/kl.js';
import { countModes, modeHistogram, modesCovered } from './modes.js';

export interface ModeMetrics {
  modes_covered: number;
  modes_total: number;
  hq_fraction: number;
  /** KL(generated mode histogram || uniform) in nats; null when no sample is high-quality. */
  mode_kl: number | null;
  /** JS(generated mode histogram, uniform) in nats; null when no sample is high-quality. */
  mode_js: number | null;
}

/** Sigmas within which a sample counts as belonging to a mode. */
export const HQ_SIGMAS = 3;

export function modeMetrics(points: Float32Array, toy: Toy2d): ModeMetrics {
  const counts = countModes(points, toy.means, HQ_SIGMAS * toy.sigma);
  const hist = modeHistogram(counts);
  const uniform = toy.means.map(() => 1 / toy.means.length);
  return {
    modes_covered: modesCovered(counts),
    modes_total: toy.means.length,
    hq_fraction: counts.highQuality / counts.total,
    mode_kl: hist == null ? null : (klDivergence(hist, uniform) as number),
    mode_js: hist == null ? null : (jsDivergence(hist, uniform) as number),
  };
}
