import { describe, expect, it } from 'vitest';
import { boxMask } from './masks.js';
import { fsrAvailability, fsrInpaint } from './fsr.js';

const fsr = await fsrAvailability();
if (!fsr.available) console.warn(`fsr.test.ts skipped: ${fsr.reason}`);

describe.skipIf(!fsr.available)('OpenCV FSR_FAST', () => {
  it('fills a hole from the known pixels (xphoto marks the known ones) and keeps them as they were', async () => {
    const w = 48;
    const h = 40;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i++) rgb.set([200, 60 + 2 * (i % w), 50], i * 3);
    const hole = boxMask(w, h, 12, 4);
    const erased = Uint8Array.from(rgb, (v, i) => (hole[Math.floor(i / 3)] ? 0 : v));
    const out = await fsrInpaint(erased, w, h, hole);
    let worst = 0;
    for (let i = 0; i < w * h; i++) {
      for (let c = 0; c < 3; c++) {
        const d = Math.abs(out[i * 3 + c]! - rgb[i * 3 + c]!);
        if (hole[i]) worst = Math.max(worst, d);
        else expect(d).toBe(0);
      }
    }
    // The fill continues the colours around it (a ramp here), never the black it was given.
    expect(worst).toBeLessThan(6);
  });

  it('refuses mismatched sizes', async () => {
    await expect(fsrInpaint(new Uint8Array(12), 2, 2, new Uint8Array(3))).rejects.toThrow(/expected 2×2/);
  });
});
