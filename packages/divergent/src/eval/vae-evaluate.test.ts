import { describe, expect, it } from 'vitest';
import { collapseWarning } from './vae-evaluate.js';

describe('posterior collapse warning', () => {
  it('warns when fewer than a tenth of the latent units are active, or the KL is below 0.5 nats', () => {
    expect(collapseWarning(0, 50, 0.01)).toMatch(/posterior collapse: 0 of 50 latent units are active and the KL is 0\.010 nats/);
    expect(collapseWarning(4, 50, 20)).toMatch(/4 of 50/); // 4 < 5
    expect(collapseWarning(2, 2, 0.3)).toMatch(/KL is 0\.300/);
    expect(collapseWarning(5, 50, 20)).toBeUndefined();
    expect(collapseWarning(1, 2, 0.5)).toBeUndefined();
  });
});
