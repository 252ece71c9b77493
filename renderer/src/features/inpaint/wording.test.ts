import { describe, expect, it } from 'vitest';
import { UNCERTAINTY_CAPTION, uncertaintyLevels } from './wording.js';

describe('the uncertainty legend’s wording', () => {
  it('says what it shows without statistics jargon, in levels of 255', () => {
    expect(UNCERTAINTY_CAPTION).not.toMatch(/std|colour units|sigma/i);
    expect(uncertaintyLevels(0.12)).toBe('31');
    expect(uncertaintyLevels(1)).toBe('255');
    expect(uncertaintyLevels(-0.01)).toBe('0');
  });
});
