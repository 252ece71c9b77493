import { describe, expect, it } from 'vitest';
import { lockedHeight, lockedWidth, scaledSize, sizeProblem } from './size.js';

describe('upscale sizes', () => {
  it('scales both sides and rounds fractional factors', () => {
    expect(scaledSize(480, 320, 2)).toEqual({ width: 960, height: 640 });
    expect(scaledSize(451, 300, 1.5)).toEqual({ width: 677, height: 450 });
  });

  it('keeps the aspect ratio when one side is locked to the other', () => {
    expect(lockedHeight(451, 300, 902)).toBe(600);
    expect(lockedWidth(451, 300, 600)).toBe(902);
    expect(lockedHeight(1000, 1, 10)).toBe(1);
  });

  it('explains sizes the app refuses', () => {
    expect(sizeProblem(100, 50, 200, 100)).toBeNull();
    expect(sizeProblem(100, 50, 99, 100)).toMatch(/smaller/);
    expect(sizeProblem(100, 50, 1601, 100)).toMatch(/16×/);
    expect(sizeProblem(100, 50, 150.5, 100)).toMatch(/whole numbers/);
  });
});
