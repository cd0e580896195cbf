import { describe, expect, it } from 'vitest';
import { DivergentInputError } from './errors.js';

describe('DivergentInputError', () => {
  it('leads its message with the argument it blames', () => {
    const e = new DivergentInputError('p', 'entry 3 is -0.5; probabilities must be >= 0');
    expect(e.message).toBe('p: entry 3 is -0.5; probabilities must be >= 0');
    expect(e.argument).toBe('p');
    expect(e).toBeInstanceOf(Error);
  });
});
