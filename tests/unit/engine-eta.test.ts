import { describe, expect, it } from 'vitest';
import { EtaEstimator } from '../../app/engine/eta.js';

describe('EtaEstimator', () => {
  it('leaves the start-up out of the rate once a second unit has finished', () => {
    // 10 units; the first takes 8 s (workers loading), the others 1 s each.
    const eta = new EtaEstimator(0, null);
    expect(eta.update(0, 0, 10)).toBeNull();
    expect(eta.update(8000, 1, 10)).toBe(72);
    expect(eta.update(9000, 2, 10)).toBe(8);
    expect(eta.update(12000, 5, 10)).toBe(5);
    expect(eta.rate(12000, 5)).toBe(1);
  });

  it('estimates from the last job of the kind before any unit has finished', () => {
    const eta = new EtaEstimator(1000, 2);
    expect(eta.update(1000, 0, 10)).toBe(20);
    expect(eta.update(3000, 0, 10)).toBe(18);
    expect(eta.update(30_000, 0, 10)).toBe(0);
    expect(eta.update(1000, 11, 10)).toBeNull();
  });
});
