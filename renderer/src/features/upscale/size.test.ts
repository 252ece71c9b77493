import { describe, expect, it } from 'vitest';
import { scaleMessage, sizeProblem } from './size.js';

describe('upscale sizes in the panel’s words', () => {
  it('explains sizes the app refuses', () => {
    expect(sizeProblem(100, 50, 200, 100)).toBeNull();
    expect(sizeProblem(100, 50, 99, 100)).toMatch(/smaller/);
    expect(sizeProblem(100, 50, 1601, 100)).toMatch(/16×/);
    expect(sizeProblem(100, 50, 150.5, 100)).toMatch(/whole numbers/);
    expect(sizeProblem(5000, 50, 70_000, 100)).toMatch(/65535 pixels/);
  });

  it('explains a scale factor out of range', () => {
    expect([1, 2.5, 16].map(scaleMessage)).toEqual([null, null, null]);
    expect(scaleMessage(16.5)).toBe('The scale factor must be between 1 and 16.');
    expect(scaleMessage(Number.NaN)).toBe('The scale factor must be between 1 and 16.');
  });
});
