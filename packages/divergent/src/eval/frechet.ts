// The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017,
// "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium": FID,
// there with Inception features; here with an MNIST classifier's):
//   d² = |μ₁ - μ₂|² + Tr(Σ₁ + Σ₂ - 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})
// The trace of the matrix square root is the sum of the square roots of the eigenvalues of the
// symmetric PSD matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2}, so only symmetric eigendecompositions are needed
// (cyclic Jacobi in float64: exact to rounding at the small sizes features have).
import { DivergentInputError } from '../errors.js';

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major d×d) of a symmetric matrix. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += m[i * d + i] ** 2;
      for (let j = i + 1; j < d; j++) off += m[i * d + j] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (apq === 0) continue;
        // The rotation that zeroes m[p][q] (Golub and Van Loan, Algorithm 8.4.1).
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p];
          const mkq = m[k * d + q];
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k];
          const mqk = m[q * d + k];
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => m[i * d + i]), vectors: v };
}

/** Mean and (unbiased) covariance of n row-major d-dimensional vectors. */
export function meanAndCovariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (n < 2) throw new DivergentInputError('features', `need at least 2 vectors for a covariance, got ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) for (let k = j; k < d; k++) cov[j * d + k] += (row[j] * row[k]) / (n - 1);
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j * d + k] = cov[k * d + j];
  return { mean, cov };
}

function matMul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const aik = a[i * d + k];
    if (aik === 0) continue;
    for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
  }
  return out;
}

/** The PSD square root V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
function sqrtPsd(a: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const scaled = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scaled[i * d + j] = vectors[i * d + j] * Math.sqrt(Math.max(values[j], 0));
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += scaled[i * d + k] * vectors[j * d + k];
    out[i * d + j] = s;
  }
  return out;
}

/** d² between N(μ₁, Σ₁) and N(μ₂, Σ₂) (d×d, row-major). */
export function frechetDistanceGaussians(mu1: Float64Array, cov1: Float64Array, mu2: Float64Array, cov2: Float64Array): number {
  const d = mu1.length;
  let dist = 0;
  for (let i = 0; i < d; i++) dist += (mu1[i] - mu2[i]) ** 2;
  const s1 = sqrtPsd(cov1, d);
  const m = matMul(matMul(s1, cov2, d), s1, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) m[i * d + j] = m[j * d + i] = 0.5 * (m[i * d + j] + m[j * d + i]);
  const { values } = symmetricEigen(m, d);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov1[i * d + i] + cov2[i * d + i] - 2 * Math.sqrt(Math.max(values[i], 0));
  return dist + trace;
}

/** The Fréchet distance between Gaussians fitted to two sets of d-dimensional features. */
export function frechetDistance(a: ArrayLike<number>, na: number, b: ArrayLike<number>, nb: number, d: number): number {
  const A = meanAndCovariance(a, na, d);
  const B = meanAndCovariance(b, nb, d);
  return frechetDistanceGaussians(A.mean, A.cov, B.mean, B.cov);
}
