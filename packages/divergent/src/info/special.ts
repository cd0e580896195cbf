// Scalar helpers with the limits the measures need spelled out (0·log 0 = 0 and friends),
// written so that they neither overflow nor lose digits at the extremes.

/** x·log x with the limit 0 at x = 0. */
export function xlogx(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

/** log(1 + e^x) without overflow for large x or loss of digits for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log(e^a + e^b); -Infinity when both are -Infinity. */
export function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return -Infinity;
  return m + Math.log1p(Math.exp(Math.min(a, b) - m));
}

/** (e^(x·t) - 1) / x, which tends to t as x -> 0; accurate for small x. */
export function expm1Ratio(x: number, t: number): number {
  return x === 0 ? t : Math.expm1(x * t) / x;
}
