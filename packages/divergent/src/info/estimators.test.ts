import { describe, expect, it } from 'vitest';
import { DivergentInputError } from '../errors.js';
import { entropyFromSamples, mutualInformationFromSamples } from './estimators.js';

// numpy/collections.Counter on xs = [0, 0, 1, 1, 1, 2], ys = [a, a, b, b, a, b]:
// plug-in H(X) = 1.0114042647073516, Miller–Madow 1.1780709313740183, plug-in I(X;Y) = 0.3748900964125388.
const xs = [0, 0, 1, 1, 1, 2];
const ys = ['a', 'a', 'b', 'b', 'a', 'b'];

describe('entropyFromSamples', () => {
  it('plug-in is the entropy of the histogram; Miller–Madow adds (m - 1)/(2N) nats', () => {
    expect(entropyFromSamples(xs)).toBeCloseTo(1.0114042647073516, 15);
    expect(entropyFromSamples(xs, { estimator: 'miller-madow' })).toBeCloseTo(1.1780709313740183, 15);
    // The correction is added in nats before the change of base.
    expect(entropyFromSamples(xs, { estimator: 'miller-madow', base: 2 })).toBeCloseTo(1.1780709313740183 / Math.LN2, 15);
    expect(entropyFromSamples(['x', 'y', 'x', 'y'], { base: 2 })).toBe(1);
    expect(entropyFromSamples(Int32Array.from([7, 7, 7]))).toBe(0);
  });

  it('converges to the true entropy on many samples (Miller–Madow closer than plug-in)', () => {
    // 1000 samples cycling deterministically through 10 labels with weights 1..10: the
    // histogram is exact, so both estimates sit on H up to the MM correction 9/2000.
    const labels: number[] = [];
    for (let k = 1; k <= 10; k++) for (let j = 0; j < k * 20; j++) labels.push(k);
    const w = Array.from({ length: 10 }, (_, i) => (i + 1) / 55);
    const h = -w.reduce((s, x) => s + x * Math.log(x), 0);
    expect(entropyFromSamples(labels)).toBeCloseTo(h, 13);
    expect(entropyFromSamples(labels, { estimator: 'miller-madow' })).toBeCloseTo(h + 9 / (2 * labels.length), 13);
  });

  it('refuses empty input, NaN labels and unknown estimators', () => {
    expect(() => entropyFromSamples([])).toThrow('xs: is empty; an estimate needs at least one sample');
    expect(() => entropyFromSamples([1, NaN])).toThrow('xs: entry 1 is NaN; labels must be numbers (not NaN) or strings');
    expect(() => entropyFromSamples(xs, { estimator: 'grassberger' as never })).toThrow(DivergentInputError);
  });
});

describe('mutualInformationFromSamples', () => {
  it('is the plug-in I(X;Y) of the paired histogram', () => {
    expect(mutualInformationFromSamples(xs, ys)).toBeCloseTo(0.3748900964125388, 15);
    expect(mutualInformationFromSamples(xs, xs)).toBeCloseTo(1.0114042647073516, 15);
    expect(mutualInformationFromSamples([1, 1, 2, 2], ['a', 'b', 'a', 'b'])).toBe(0);
  });

  it('refuses unpaired samples', () => {
    expect(() => mutualInformationFromSamples(xs, ys.slice(1))).toThrow('ys: has 5 samples but xs has 6; samples must be paired');
  });
});
