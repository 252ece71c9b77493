import { describe, expect, it } from 'vitest';
import { UpscaleTiming } from './upscale-timing.js';

describe('UpscaleTiming (the estimate learns from finished jobs)', () => {
  it('a finished job’s own rate replaces the sampled one for the next estimate of that size', async () => {
    const timing = new UpscaleTiming();
    const key = UpscaleTiming.key(
      { id: 'm', dir: '/m' },
      2,
      { width: 10, height: 10 },
      { width: 20, height: 20 },
    );
    expect(await timing.secondsPerTile(key, async () => 0.3)).toBe(0.3);
    timing.record(key, 0.13); // the job took 85 s where the sample said 195 s
    expect(await timing.secondsPerTile(key, async () => 0.3)).toBe(0.13);
  });
});
