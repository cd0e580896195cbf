// Mode coverage of a generator on a Gaussian-mixture target, the standard GAN collapse
// diagnostic (Metz et al. 2017; Srivastava et al. 2017): a sample is "high quality" when it
// lies within 3 sigma of some mode, and a mode is "covered" when at least 1% of all samples
// are high-quality samples of that mode.

/** Counts of high-quality samples per mode. */
export interface ModeCounts {
  /** perMode[k]: samples within `radius` of mode k (and nearest to it). */
  perMode: number[];
  /** Samples within `radius` of some mode. */
  highQuality: number;
  /** All samples. */
  total: number;
}

/**
 * Assigns each 2-D point (row-major, length 2n) to its nearest mean and counts it when it lies
 * within `radius` of that mean.
 */
export function countModes(points: Float32Array | number[], means: readonly (readonly [number, number])[], radius: number): ModeCounts {
  const perMode = new Array<number>(means.length).fill(0);
  const r2 = radius * radius;
  const n = points.length / 2;
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    let best = -1;
    let bestD2 = Infinity;
    for (let k = 0; k < means.length; k++) {
      const d2 = (x - means[k][0]) ** 2 + (y - means[k][1]) ** 2;
      if (d2 < bestD2) {
        bestD2 = d2;
        best = k;
      }
    }
    if (best >= 0 && bestD2 <= r2) {
      perMode[best]++;
      highQuality++;
    }
  }
  return { perMode, highQuality, total: n };
}

/** Modes holding at least `minFraction` of all samples (default 1%). */
export function modesCovered(counts: ModeCounts, minFraction = 0.01): number {
  return counts.perMode.filter((c) => c >= minFraction * counts.total).length;
}

/** The generated mode histogram: high-quality samples per mode, normalised; null when there are none. */
export function modeHistogram(counts: ModeCounts): number[] | null {
  if (counts.highQuality === 0) return null;
  return counts.perMode.map((c) => c / counts.highQuality);
}
