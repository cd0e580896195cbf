import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { float64Kernels, type Float64Stats } from './float64.js';

const k = float64Kernels!;

/** Seeded uniform doubles in (0, 1] (xorshift; no zeros unless placed on purpose). */
function uniform(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) + 1) / 4294967296;
  }
  return out;
}

/** Plain JS float64 reference of the same sums (Math.log, sequential). */
function reference(term: (a: number, b: number) => number, a: Float64Array, b?: Float64Array): Float64Stats {
  let value = 0;
  let sumA = 0;
  let sumB = 0;
  let minA = Infinity;
  let minB = Infinity;
  for (let i = 0; i < a.length; i++) {
    value += term(a[i], b ? b[i] : 0);
    sumA += a[i];
    minA = Number.isNaN(a[i]) || a[i] < minA ? a[i] : minA;
    if (b) {
      sumB += b[i];
      minB = Number.isNaN(b[i]) || b[i] < minB ? b[i] : minB;
    }
  }
  return { value, sumA, minA, sumB: b ? sumB : 0, minB: b ? minB : 0 };
}

const xlogx = (a: number) => (a === 0 ? 0 : a * Math.log(a));
const relEntr = (a: number, b: number) => {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a > 0 && b > 0) return a * Math.log(a / b);
  return a === 0 && b >= 0 ? 0 : Infinity;
};
const jsTerm = (a: number, b: number) =>
  (a === 0 ? 0 : a * Math.log((2 * a) / (a + b))) + (b === 0 ? 0 : b * Math.log((2 * b) / (a + b)));

function expectStats(actual: Float64Stats, expected: Float64Stats, rtol = 1e-13): void {
  for (const key of ['value', 'sumA', 'minA', 'sumB', 'minB'] as const) {
    const e = expected[key];
    const a = actual[key];
    if (!Number.isFinite(e)) expect(a, key).toBe(e);
    else expect(Math.abs(a - e), key).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(e)));
  }
}

describe('float64 kernels', () => {
  it('compute a·log a, rel_entr and the JS terms like a float64 JS loop', () => {
    for (const n of [0, 1, 3, 7, 255, 1000, 70_001]) {
      const a = uniform(n, 11 + n);
      const b = uniform(n, 97 + n);
      expectStats(k.xlogx(a), reference(xlogx, a));
      expectStats(k.relEntr(a, b), reference(relEntr, a, b));
      expectStats(k.jsTerms(a, b), reference(jsTerm, a, b));
    }
  });

  it('follow scipy on the edge cases: 0·log 0 = 0, support mismatch = +Inf, NaN propagates', () => {
    // scipy.special.rel_entr([0, 0, 0.5, 0.5], [0, 0.3, 0, 0.25]) = [0, 0, inf, 0.5·log 2].
    const r = k.relEntr(new Float64Array([0, 0, 0.5, 0.5]), new Float64Array([0, 0.3, 0, 0.25]));
    expect(r.value).toBe(Infinity);
    expect(k.relEntr(new Float64Array([0, 0.5]), new Float64Array([0.3, 0.25])).value).toBeCloseTo(0.5 * Math.log(2), 15);
    expect(k.xlogx(new Float64Array([0, 1, 0])).value).toBe(0);
    // JS terms: a = 1, b = 0 gives 1·log(2/1) + 0 = log 2.
    expect(k.jsTerms(new Float64Array([1]), new Float64Array([0])).value).toBeCloseTo(Math.LN2, 15);
    expect(k.jsTerms(new Float64Array([0]), new Float64Array([0])).value).toBe(0);
    const withNaN = new Float64Array([0.25, NaN, 0.25]);
    const s = k.xlogx(withNaN);
    expect(s.value).toBeNaN();
    expect(s.minA).toBeNaN();
    expect(k.relEntr(new Float64Array([0.5, 0.5]), withNaN.subarray(0, 2)).minB).toBeNaN();
    // A negative entry shows in minA (callers validate with it).
    expect(k.xlogx(new Float64Array([0.5, -0.25])).minA).toBe(-0.25);
    // Empty input: nothing summed, minima +Inf.
    expect(k.relEntr(new Float64Array(0), new Float64Array(0))).toEqual({ value: 0, sumA: 0, minA: Infinity, sumB: 0, minB: Infinity });
  });

  it('computes log to about 1 ulp across the double range, subnormals included', () => {
    const xs = [2.2250738585072014e-308, 1e-300, 1e-100, 1e-10, 0.5, 0.7071067811865476, 0.9999999, 1, 1.0000001,
      1.4142135623730951, 2, Math.E, 10, 12345.678, 1e100, 1e300, 1e305];
    for (const x of xs) {
      // x·log x through xlogx, divided back: the relative error of log itself.
      const got = k.xlogx(new Float64Array([x])).value / x;
      const want = Math.log(x);
      expect(Math.abs(got - want), `log(${x})`).toBeLessThanOrEqual(2.3e-16 * Math.abs(want));
    }
    // Subnormal inputs: x·log x is itself subnormal, so compare the products directly.
    for (const x of [5e-324, 1e-320, 1e-310, 2e-308]) {
      expect(Math.abs(k.xlogx(new Float64Array([x])).value - x * Math.log(x)), `log(${x})`).toBeLessThanOrEqual(1e-323);
    }
    expect(k.xlogx(new Float64Array([Infinity])).value).toBe(Infinity);
    expect(k.xlogx(new Float64Array([-1])).value).toBeNaN();
  });

  it('accepts views and rejects mismatched lengths and non-Float64Arrays with an error', () => {
    const base = uniform(100, 5);
    const a = base.subarray(10, 60);
    const b = base.subarray(50, 100);
    expectStats(k.relEntr(a, b), reference(relEntr, a, b));
    expect(() => k.relEntr(a, base)).toThrow(/lengths differ \(a has 50, b has 100/);
    expect(() => k.jsTerms(a, new Float32Array(50) as unknown as Float64Array)).toThrow(/Float64Array/);
  });

  it('gives bit-identical results with 1 and 2 threads (float32 sums and fused rows too)', () => {
    const script = fileURLToPath(new URL('../test/threads-child.mjs', import.meta.url));
    const run = (threads: string) =>
      execFileSync(process.execPath, [script], { env: { ...process.env, DIVERGENT_NUM_THREADS: threads } }).toString();
    const one = run('1');
    const two = run('2');
    expect(JSON.parse(one).threads).toBe(1);
    expect(JSON.parse(two).threads).toBe(2);
    expect(JSON.parse(one).results).toEqual(JSON.parse(two).results);
  });
});
