import { describe, expect, it } from 'vitest';
import { EtaEstimator } from './eta.js';

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

  it('starts from the task’s own rate and stays near the truth while units finish in bursts', () => {
    // 960 units, two threads doing 48 a job in 4.8 s each (0.05 s a unit in all), from 0.5 s, when
    // the task had timed its rate; the two threads finish a job 50 ms apart, the last at 48.55 s.
    const eta = new EtaEstimator(0, null);
    expect(eta.update(500, 0, 960, 0.05)).toBe(48);
    for (let job = 1; job < 16; job++) {
      const now = 500 + 4800 * Math.ceil(job / 2) + (job % 2 ? 0 : 50);
      const truth = (48_550 - now) / 1000;
      expect(Math.abs(eta.update(now, 48 * job, 960)! - truth)).toBeLessThan(0.35 * truth);
    }
  });

  it('leaves a known rate that was far off once half the units are done', () => {
    const eta = new EtaEstimator(0, null);
    expect(eta.update(0, 0, 100, 1)).toBe(100);
    // The units really take 0.1 s: after 50 of them the measured rate alone counts.
    expect(eta.update(5000, 50, 100)).toBeCloseTo(5, 5);
  });
});
