// The regularised lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a) in float64 JS:
// the CDF of Gamma(a, 1), which implicit reparameterisation differentiates (gamma-rsample.ts).
// Series for x < a + 1, continued fraction for Q = 1 - P beyond (both converge fast there).
import { lgammaNumber } from './special.js';

const EPS = 1e-15;
const MAX_ITER = 1000;

/** P(a, x) for a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** P by its series: e^{-x} x^a / Γ(a+1) · Σₙ xⁿ / ((a+1)…(a+n)). Accurate where x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(a * Math.log(x) - x - lgammaNumber(a));
}

/** Q = 1 - P by its continued fraction (modified Lentz). Accurate, even when tiny, where x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(a * Math.log(x) - x - lgammaNumber(a)) * h;
}

/**
 * dz/da for z ~ Gamma(a, 1) held at a fixed quantile: -(∂P/∂a)(a, z) / p(z; a)
 * (Figurnov, Mohamed and Mnih, "Implicit reparameterization gradients", NeurIPS 2018).
 * ∂P/∂a by a central difference in float64 (step 1e-4·a relative, error ~1e-8).
 */
export function gammaSampleDerivative(a: number, z: number): number {
  if (z <= 0 || !Number.isFinite(z)) return 0;
  const h = 1e-4 * Math.min(a, 1) * Math.max(1, a);
  // Difference whichever of P and Q is computed directly at a, so a tail near 1 keeps its digits.
  const dPda = z < a + 1 ? (lowerSeries(a + h, z) - lowerSeries(a - h, z)) / (2 * h) : -(upperFraction(a + h, z) - upperFraction(a - h, z)) / (2 * h);
  const logDensity = (a - 1) * Math.log(z) - z - lgammaNumber(a);
  return -dPda / Math.exp(logDensity);
}
