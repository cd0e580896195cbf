import { describe, expect, it } from 'vitest';
import { entropy } from './entropy.js';
import { conditionalEntropy, mutualInformation } from './mutual-information.js';

// numpy on J = [[0.1, 0.2], [0.3, 0.4]]: I(X;Y) = 0.004021743230482364, H(X|Y) = 0.6068425588244112.
const J = [[0.1, 0.2], [0.3, 0.4]];

describe('mutualInformation and conditionalEntropy', () => {
  it('match the definitions on a 2x2 table', () => {
    expect(mutualInformation(J)).toBeCloseTo(0.004021743230482364, 15);
    expect(conditionalEntropy(J)).toBeCloseTo(0.6068425588244112, 15);
    expect(mutualInformation(J, { base: 2 })).toBeCloseTo(0.004021743230482364 / Math.LN2, 15);
  });

  it('satisfy I(X;Y) = H(X) - H(X|Y) >= 0', () => {
    const hx = entropy([0.3, 0.7]) as number;
    expect(mutualInformation(J)).toBeCloseTo(hx - conditionalEntropy(J), 15);
    expect(mutualInformation(J)).toBeGreaterThan(0);
  });

  it('are 0 and H(X) for an independent table, H(X) and 0 for a deterministic one', () => {
    const px = [0.2, 0.5, 0.3];
    const py = [0.6, 0.4];
    const indep = px.map((a) => py.map((b) => a * b));
    expect(mutualInformation(indep)).toBeCloseTo(0, 15);
    expect(conditionalEntropy(indep)).toBeCloseTo(entropy(px) as number, 15);
    const det = [[0.2, 0, 0], [0, 0.5, 0], [0, 0, 0.3]];
    expect(mutualInformation(det)).toBeCloseTo(entropy(px) as number, 15);
    expect(conditionalEntropy(det)).toBe(0);
  });

  it('read contingency counts', () => {
    expect(mutualInformation([[1, 2], [3, 4]], { from: 'counts' })).toBeCloseTo(0.004021743230482364, 15);
    expect(conditionalEntropy([[10, 20], [30, 40]], { normalize: true })).toBeCloseTo(0.6068425588244112, 15);
  });

  it('refuse tables that are not 2-D joint distributions', () => {
    expect(() => mutualInformation([[0.5, 0.6]])).toThrow('joint: sums to 1.1, not 1 (tolerance 0.000001)');
    expect(() => mutualInformation([[0.5, -0.5], [0.5, 0.5]])).toThrow('joint: entry [0, 1] is -0.5; probs must be finite and >= 0');
    expect(() => mutualInformation([0.5, 0.5] as never)).toThrow(/joint: has shape \[2\]; a joint table is 2-D/);
    expect(() => mutualInformation(J, { from: 'logits' as never })).toThrow(/from: "logits" does not describe a joint table/);
  });
});
