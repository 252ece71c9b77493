import { describe, expect, it } from 'vitest';
import { lossPolyline } from './loss-chart.js';

describe('loss chart', () => {
  it('spans the box: first step left, last right, highest loss at the top', () => {
    const points = [
      { step: 1, loss: 2 },
      { step: 2, loss: 1 },
      { step: 3, loss: 1.5 },
    ];
    expect(lossPolyline(points, 108, 58)).toBe('4,4 54,54 104,29');
  });

  it('draws nothing without finite losses and centres a single point', () => {
    expect(lossPolyline([{ step: 1, loss: Number.NaN }], 100, 50)).toBe('');
    expect(lossPolyline([{ step: 5, loss: 1 }], 108, 58)).toBe('54,29');
  });
});
