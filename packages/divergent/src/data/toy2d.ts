// Two-dimensional toy targets for GANs: mixtures whose modes are known exactly, so that
// mode collapse can be counted instead of eyeballed (Metz et al. 2017, "Unrolled GANs",
// ring of 8; Srivastava et al. 2017, "VEEGAN", grid of 25), plus the two-moons set.
import { DivergentInputError } from '../errors.js';
import { Rng } from '../random.js';

export const TOY_DATASETS = ['ring8', 'grid25', 'moons'] as const;
export type ToyDatasetName = (typeof TOY_DATASETS)[number];

/** A 2-D target: a sampler, and for the Gaussian mixtures the modes that coverage is measured against. */
export interface Toy2d {
  readonly name: ToyDatasetName;
  /** Equal-weight Gaussian modes (empty for moons, which has no discrete modes). */
  readonly means: readonly (readonly [number, number])[];
  /** Standard deviation of every mode (isotropic); for moons the noise added to the arcs. */
  readonly sigma: number;
  /** The square [-extent, extent]² that holds essentially all of the mass (for plots). */
  readonly extent: number;
  /** n points as a row-major Float32Array of length 2n. */
  sample(n: number, rng: Rng): Float32Array;
  /** The density at (x, y), for drawing the target under generated points. */
  density(x: number, y: number): number;
}

function ringMeans(k: number, radius: number): [number, number][] {
  return Array.from({ length: k }, (_, i) => {
    const a = (2 * Math.PI * i) / k;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
}

function gridMeans(values: number[]): [number, number][] {
  return values.flatMap((x) => values.map((y): [number, number] => [x, y]));
}

function mixture(name: ToyDatasetName, means: [number, number][], sigma: number, extent: number): Toy2d {
  const norm = 1 / (2 * Math.PI * sigma * sigma * means.length);
  return {
    name,
    means,
    sigma,
    extent,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [mx, my] = means[rng.int(means.length)];
        out[2 * i] = mx + sigma * rng.normal();
        out[2 * i + 1] = my + sigma * rng.normal();
      }
      return out;
    },
    density(x, y) {
      let s = 0;
      for (const [mx, my] of means) s += Math.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * sigma * sigma));
      return s * norm;
    },
  };
}

// Two interleaved half circles of radius 1 (as scikit-learn's make_moons), scaled by 1.5 and
// centred so that the set sits in the same [-3, 3]² window as the ring.
const MOONS_SCALE = 1.5;
const MOONS_NOISE = 0.05;

function moonPoint(t: number, upper: boolean): [number, number] {
  const a = Math.PI * t;
  const [x, y] = upper ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
  return [MOONS_SCALE * (x - 0.5), MOONS_SCALE * (y - 0.25)];
}

function moons(): Toy2d {
  const s = MOONS_SCALE * MOONS_NOISE;
  // The density is the arcs convolved with the noise; 64 points per arc are dense enough for a picture.
  const arc = Array.from({ length: 128 }, (_, i) => moonPoint((i % 64) / 63, i < 64));
  const norm = 1 / (2 * Math.PI * s * s * arc.length);
  return {
    name: 'moons',
    means: [],
    sigma: s,
    extent: 3,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [x, y] = moonPoint(rng.uniform(), rng.uniform() < 0.5);
        out[2 * i] = x + s * rng.normal();
        out[2 * i + 1] = y + s * rng.normal();
      }
      return out;
    },
    density(x, y) {
      let d = 0;
      for (const [mx, my] of arc) d += Math.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * s * s));
      return d * norm;
    },
  };
}

/** The toy target called `name`: 'ring8' (8 modes on a circle of radius 2, sigma 0.02),
 * 'grid25' (means {-4,-2,0,2,4}², sigma 0.05) or 'moons'. */
export function toy2d(name: string): Toy2d {
  switch (name) {
    case 'ring8':
      return mixture('ring8', ringMeans(8, 2), 0.02, 3);
    case 'grid25':
      return mixture('grid25', gridMeans([-4, -2, 0, 2, 4]), 0.05, 5.5);
    case 'moons':
      return moons();
    default:
      throw new DivergentInputError('dataset', `unknown toy dataset '${name}'; valid: ${TOY_DATASETS.join(', ')}`);
  }
}

export function isToyDataset(name: string): name is ToyDatasetName {
  return (TOY_DATASETS as readonly string[]).includes(name);
}
