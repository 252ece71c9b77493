import { describe, expect, it } from 'vitest';
import { fitView, MAX_ZOOM, toImage, zoomAt } from './viewport.js';

describe('viewport maths', () => {
  it('fits a wide image to the view width, centred, with a margin', () => {
    const view = fitView(1000, 800, 2000, 1000);
    expect(view.zoom).toBeCloseTo((1000 - 48) / 2000, 10);
    expect(view.panX).toBeCloseTo((1000 - 2000 * view.zoom) / 2, 10);
    expect(view.panY).toBeCloseTo((800 - 1000 * view.zoom) / 2, 10);
  });

  it('does not blow small images up past 4×', () => {
    expect(fitView(2000, 2000, 10, 10).zoom).toBe(4);
  });

  it('keeps the image point under the cursor fixed while zooming', () => {
    const view = { zoom: 0.5, panX: 30, panY: -20 };
    const before = toImage(view, 400, 300);
    const after = zoomAt(view, 3, 400, 300);
    expect(after.zoom).toBe(1.5);
    const [x, y] = toImage(after, 400, 300);
    expect(x).toBeCloseTo(before[0], 10);
    expect(y).toBeCloseTo(before[1], 10);
  });

  it('clamps zoom to its range', () => {
    expect(zoomAt({ zoom: 20, panX: 0, panY: 0 }, 10, 0, 0).zoom).toBe(MAX_ZOOM);
  });

  it('maps view pixels to image pixels', () => {
    expect(toImage({ zoom: 2, panX: 100, panY: 50 }, 300, 250)).toEqual([100, 100]);
  });
});
