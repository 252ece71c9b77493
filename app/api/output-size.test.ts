import { describe, expect, it } from 'vitest';
import {
  checkRegionInside,
  lockedHeight,
  lockedWidth,
  outputSizeProblem,
  resolveOutputSize,
  scaledSize,
  scaleProblem,
} from './output-size.js';

describe('output sizes', () => {
  it('scales both sides and rounds fractional factors', () => {
    expect(scaledSize(480, 320, 2)).toEqual({ width: 960, height: 640 });
    expect(scaledSize(451, 300, 1.5)).toEqual({ width: 677, height: 450 });
  });

  it('keeps the aspect ratio when one side is locked to the other', () => {
    expect(lockedHeight(451, 300, 902)).toBe(600);
    expect(lockedWidth(451, 300, 600)).toBe(902);
    expect(lockedHeight(1000, 1, 10)).toBe(1);
  });

  it('takes scale factors from 1 to 16, fractions included', () => {
    expect([1, 3.7, 16].map(scaleProblem)).toEqual([null, null, null]);
    expect([0, 0.99, 16.5].map(scaleProblem)).toEqual(['out-of-range', 'out-of-range', 'out-of-range']);
    expect([Number.NaN, Infinity].map(scaleProblem)).toEqual(['not-finite', 'not-finite']);
  });

  it('finds the first problem of an output size', () => {
    expect(outputSizeProblem(100, 50, 200, 100)).toBeNull();
    expect(outputSizeProblem(100, 50, 150.5, 100)).toEqual({ kind: 'side', side: 'width', value: 150.5 });
    expect(outputSizeProblem(100, 50, 200, 0)).toEqual({ kind: 'side', side: 'height', value: 0 });
    expect(outputSizeProblem(5000, 50, 70_000, 100)).toEqual({ kind: 'side', side: 'width', value: 70_000 });
    expect(outputSizeProblem(100, 50, 99, 100)).toEqual({ kind: 'smaller' });
    expect(outputSizeProblem(100, 50, 1601, 100)).toEqual({ kind: 'over-scale' });
  });

  it('resolves a request to its size, or says in one sentence what is wrong', () => {
    expect(resolveOutputSize(451, 300, { kind: 'scale', scale: 1.5 })).toEqual({ width: 677, height: 450 });
    expect(resolveOutputSize(451, 300, { kind: 'exact', width: 902 })).toEqual({ width: 902, height: 600 });
    const wrong = (size: Parameters<typeof resolveOutputSize>[2]) => () => resolveOutputSize(100, 50, size);
    expect(wrong({ kind: 'scale', scale: Number.NaN })).toThrow('scale must be a finite number (got NaN)');
    expect(wrong({ kind: 'scale', scale: 16.5 })).toThrow('scale must be between 1 and 16 (got 16.5)');
    expect(wrong({ kind: 'exact', width: 0 })).toThrow(
      'width must be a whole number of pixels from 1 to 65535',
    );
    expect(wrong({ kind: 'exact', width: 200, height: 49 })).toThrow(
      'the output 200×49 is smaller than the input 100×50; upscaling only enlarges',
    );
    expect(wrong({ kind: 'exact', width: 1601 })).toThrow(
      'the output 1601×801 is more than 16× the input 100×50',
    );
    expect(() => resolveOutputSize(5000, 50, { kind: 'scale', scale: 16 })).toThrow(
      'the output width must be a whole number of pixels from 1 to 65535 (got 80000)',
    );
  });

  it('refuses a region that reaches past the output', () => {
    const out = { width: 720, height: 540 };
    expect(() => checkRegionInside({ x: 464, y: 284, width: 256, height: 256 }, out)).not.toThrow();
    expect(() => checkRegionInside({ x: 465, y: 0, width: 256, height: 8 }, out)).toThrow(
      'the region 256×8 at (465, 0) reaches past the 720×540 output',
    );
  });
});
