// Active units (Burda et al. 2016, section 5.2): latent dimension j is active when
// A_j = Cov_x(E_{q(z|x)}[z_j]) > 0.01, i.e. when its posterior mean moves with the input. An
// inactive dimension's posterior equals the prior whatever x is: it carries no information.
export const ACTIVE_UNIT_THRESHOLD = 0.01;

/** Streaming mean and variance per column (Chan et al.'s parallel update, in float64). */
export class MomentAccumulator {
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private count = 0;

  constructor(private readonly dims: number) {
    this.mean = new Float64Array(dims);
    this.m2 = new Float64Array(dims);
  }

  /** Adds `rows` rows of `dims` values. */
  add(values: ArrayLike<number>, rows: number): void {
    const d = this.dims;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += values[r * d + j];
      const bMean = s / rows;
      let bm2 = 0;
      for (let r = 0; r < rows; r++) bm2 += (values[r * d + j] - bMean) ** 2;
      const n = this.count + rows;
      const delta = bMean - this.mean[j];
      this.mean[j] += (delta * rows) / n;
      this.m2[j] += bm2 + (delta * delta * this.count * rows) / n;
    }
    this.count += rows;
  }

  /** Population variance of each column. */
  variance(): number[] {
    return Array.from(this.m2, (v) => v / Math.max(1, this.count));
  }
}

/** The number of dimensions whose posterior-mean variance exceeds the threshold. */
export function countActiveUnits(posteriorMeanVariance: readonly number[], threshold = ACTIVE_UNIT_THRESHOLD): number {
  return posteriorMeanVariance.filter((v) => v > threshold).length;
}
