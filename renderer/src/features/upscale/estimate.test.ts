import { describe, expect, it } from 'vitest';
import { estimateText } from './estimate.svelte.js';

describe('the upscale estimate’s wording', () => {
  it('gives the time, not the photo’s tile count (the same for every factor)', () => {
    const estimate = { width: 900, height: 600, tiles: 7396, seconds: 85, needsConfirmation: false };
    expect(estimateText(estimate)).toBe('About 1 min 25 s on this computer');
    expect(estimateText({ ...estimate, needsConfirmation: true })).toMatch(
      /past the limits: it will ask first$/,
    );
  });
});
