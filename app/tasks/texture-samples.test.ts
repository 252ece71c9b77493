import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../models/index.js';
import { calibratedSigma, drawTextureSamples, textureField } from './texture-samples.js';

const W = 96;
const H = 64;

/** Left half: grainy texture around grey 0.55; right half: flat 0.55. A 16² hole on each side. */
function scene(): { colours: Float32Array; hole: Uint8Array } {
  const random = mulberry32(3);
  const colours = new Float32Array(W * H * 3);
  const hole = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const v = x < W / 2 ? 0.55 + 0.1 * (random() - 0.5) + 0.05 * Math.sin(x * 1.3) : 0.55;
      colours.fill(v, i * 3, i * 3 + 3);
      const inLeft = x >= 8 && x < 24 && y >= 24 && y < 40;
      const inRight = x >= 72 && x < 88 && y >= 24 && y < 40;
      hole[i] = inLeft || inRight ? 1 : 0;
    }
  }
  return { colours, hole };
}

describe('texture samples', () => {
  const { colours, hole } = scene();
  const field = textureField(colours, hole, W, H, 3);
  const at = (x: number, y: number) => y * W + x;

  it('carries the detail strength of the known pixels into the hole, and measures depth', () => {
    expect(field.strength[at(16, 32)]!).toBeGreaterThan(4 * field.strength[at(80, 32)]!);
    expect(field.depth[at(16, 32)]).toBe(8);
    expect(field.depth[at(8, 24)]).toBe(1);
    expect(field.depth[at(40, 32)]).toBe(0);
    // Detail is known pixels minus their local average: none inside the hole, none on flat ground.
    expect(field.detail[at(16, 32) * 3]).toBe(0);
    expect(Math.abs(field.detail[at(84, 10) * 3]!)).toBeLessThan(1e-6);
  });

  it('calibrated σ grows with depth and with texture, and is 0 outside the hole', () => {
    const modelStd = Float32Array.from(hole, (h) => h * 0.02);
    const sigma = calibratedSigma(field, modelStd);
    expect(sigma[at(16, 32)]!).toBeGreaterThan(sigma[at(9, 25)]!);
    expect(sigma[at(16, 32)]!).toBeGreaterThan(sigma[at(80, 32)]!);
    expect(sigma[at(40, 32)]).toBe(0);
  });

  it('draws samples that keep the known pixels, differ in the hole by texture, and repeat with the seed', () => {
    const mean = colours.map((v, i) => (hole[Math.floor(i / 3)] ? 0.55 : v));
    const sigma = Float32Array.from(hole, (h) => h * 0.05);
    const [a, b] = drawTextureSamples(field, mean, sigma, 2, 11);
    const [again] = drawTextureSamples(field, mean, sigma, 1, 11);
    expect(again).toEqual(a);
    let outside = 0;
    let spread = 0;
    let leftGradient = 0;
    let rightGradient = 0;
    let n = 0;
    for (let i = 0; i < hole.length; i++) {
      for (let c = 0; c < 3; c++) {
        if (!hole[i]) outside = Math.max(outside, Math.abs(a![i * 3 + c]! - mean[i * 3 + c]!));
      }
      if (!hole[i] || !hole[i + 1]) continue;
      spread += Math.abs(a![i * 3]! - b![i * 3]!);
      n++;
      const g = Math.abs(a![(i + 1) * 3]! - a![i * 3]!);
      if (i % W < W / 2) leftGradient += g;
      else rightGradient += g;
    }
    expect(outside).toBe(0);
    // Spread within σ (0.05), well above zero.
    expect(spread / n).toBeGreaterThan(0.005);
    expect(spread / n).toBeLessThan(0.08);
    // Texture is copied where the surroundings have it; flat ground gets only the smooth shade.
    expect(leftGradient).toBeGreaterThan(3 * rightGradient);
  });
});
