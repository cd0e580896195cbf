import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { entropy } from './entropy.js';
import { generalizedJsDivergence, jsDivergence } from './js.js';
import { klDivergence } from './kl.js';

/** The error a call throws (failing the test if it throws none or another kind). */
function errorOf(f: () => unknown): DivergentInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DivergentInputError);
    return e as DivergentInputError;
  }
  throw new Error('expected a DivergentInputError');
}

describe('bad input', () => {
  it('names a negative or NaN entry by argument, index and value', () => {
    expect(errorOf(() => entropy([0.5, -0.5, 1])).message).toBe('p: entry 1 is -0.5; probabilities must be finite and >= 0');
    expect(errorOf(() => klDivergence([0.5, 0.5], [NaN, 1])).message).toBe('q: entry 0 is NaN; probabilities must be finite and >= 0');
    expect(errorOf(() => klDivergence([[0.5, 0.5], [1, 0]], [[0.5, 0.5], [2, -1]])).message).toBe(
      'q: entry [1, 1] is -1; probabilities must be finite and >= 0',
    );
    // Along axis 0 the index is still the user's own [row, column].
    expect(errorOf(() => entropy([[0.5, 1], [0.5, -1e-3]], { axis: 0 })).message).toBe(
      'p: entry [1, 1] is -0.001; probabilities must be finite and >= 0',
    );
    expect(errorOf(() => entropy([0.5, Infinity])).message).toBe('p: entry 1 is Infinity; probabilities must be finite and >= 0');
  });

  it('refuses a row that does not sum to 1 (1e-6 for float64, 1e-4 for float32) and never renormalises silently', () => {
    expect(errorOf(() => entropy([0.5, 0.6])).message).toBe(
      "p: sums to 1.1, not 1 (tolerance 0.000001); pass probabilities that sum to 1, or set normalize: true (--normalize on the command line) or from: 'counts' (--from counts)",
    );
    expect(errorOf(() => jsDivergence([[0.5, 0.5], [0.2, 0.7]], [[0.5, 0.5], [0.5, 0.5]])).message).toMatch(/^p: row \[1\] sums to 0\.8999/);
    expect(() => entropy([0.5, 0.5 + 2e-6])).toThrow(DivergentInputError);
    expect(entropy([0.5, 0.5 + 5e-7])).toBeGreaterThan(0);
    expect(entropy(Float32Array.from([0.5, 0.5 + 5e-5]))).toBeGreaterThan(0);
    expect(() => entropy(Float32Array.from([0.5, 0.5 + 2e-4]))).toThrow(/tolerance 0\.0001/);
  });

  it('refuses mismatched lengths and shapes', () => {
    expect(errorOf(() => klDivergence([0.5, 0.5], [0.2, 0.3, 0.5])).message).toBe("q: length 3 does not match p's length 2");
    expect(errorOf(() => jsDivergence([[0.5, 0.5]], [0.5, 0.5])).message).toBe("q: length 2 does not match p's shape [1, 2]");
    expect(errorOf(() => entropy([[0.5, 0.5], [1]])).message).toBe('p: row [1] has length 1, expected 2 (rows must all have the same length)');
    expect(errorOf(() => generalizedJsDivergence([[1, 0], [1, 0, 0]])).message).toBe("ps[1]: length 3 does not match ps[0]'s length 2");
  });

  it('refuses what is not an array of numbers, and empty input', () => {
    expect(errorOf(() => entropy(['0.5', 0.5] as never)).message).toBe('p: entry 0 is "0.5", not a number');
    expect(errorOf(() => entropy([])).message).toMatch(/^p: is empty/);
    expect(errorOf(() => entropy('0.5' as never)).message).toMatch(/^p: expected an array of numbers/);
  });

  it('checks logits, log-probabilities and counts for what they are', () => {
    expect(errorOf(() => entropy([1, Infinity], { from: 'logits' })).message).toBe(
      'p: entry 1 is Infinity; logits must be numbers below +Infinity (-Infinity means probability 0)',
    );
    expect(errorOf(() => entropy([-Infinity, -Infinity], { from: 'logits' })).message).toMatch(/is -Infinity everywhere/);
    expect(errorOf(() => entropy([Math.log(0.5), Math.log(0.6)], { from: 'logprobs' })).message).toMatch(/^p: has probabilities summing to 1\.1/);
    expect(errorOf(() => entropy([0, 0], { from: 'counts' })).message).toBe('p: sums to 0; counts need a finite, positive total');
    expect(errorOf(() => entropy([1, -2], { from: 'counts' })).message).toBe('p: entry 1 is -2; probabilities must be finite and >= 0');
  });

  it('checks the options', () => {
    expect(errorOf(() => entropy([1], { base: 1 })).message).toMatch(/^base: 1 is not a valid logarithm base/);
    expect(errorOf(() => entropy([1], { base: -2 })).argument).toBe('base');
    expect(errorOf(() => entropy([1], { axis: 1 })).message).toBe('axis: 1 is out of range for p of shape [1]; valid: -1 to 0');
    expect(errorOf(() => entropy([1], { from: 'odds' as never })).message).toBe('from: "odds" is not one of probs, logits, logprobs, counts');
    expect(errorOf(() => generalizedJsDivergence([[1, 0], [0, 1]], { weights: [0.5, 0.6] })).message).toBe('weights: sum to 1.1, not 1 (tolerance 1e-6)');
    expect(errorOf(() => generalizedJsDivergence([[1, 0], [0, 1]], { weights: [1] })).message).toMatch(/^weights: has 1 entries for 2 distributions/);
  });
});
