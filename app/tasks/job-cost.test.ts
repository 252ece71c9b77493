import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pngHeaderOnly } from '../../tests/fixtures/bad-inputs.js';
import { runCli } from '../cli/main.js';
import { checkCost, COST_LIMITS, inpaintCost, upscaleCost, type UpscaleShape } from './job-cost.js';
import type { ModelShape } from './upscale-plan.js';

/** The shipped photo model's training shape (its manifest's recipe). */
const PHOTO: ModelShape = {
  window: 32,
  maxContext: 100,
  maxGridContext: 100,
  meanBase: 'sharpened',
  contextFeatures: 0,
  targetFeatures: 0,
};
/** The shipped grid completion model's shape. */
const COMPLETION = { completion: { channels: 32 } };
const rgb = (width: number, height: number, bitDepth = 8) => ({ width, height, channels: 3, bitDepth });

describe('job cost estimate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('puts the issue’s 16000² ×1 upscale past both limits, and a 2 MP ×4 within them', () => {
    const huge = upscaleCost(rgb(16000, 16000), { width: 16000, height: 16000 }, PHOTO, 2);
    // Measured before the colours were read from the samples: 4.9 GB peak RSS and 5.2 M tiles.
    expect(huge.bytes).toBeGreaterThan(COST_LIMITS.bytes);
    expect(huge.tiles).toBeGreaterThan(5e6);
    const deep = upscaleCost(rgb(16000, 16000, 16), { width: 16000, height: 16000 }, PHOTO, 2);
    expect(deep.bytes).toBeGreaterThan(huge.bytes);
    const usual = upscaleCost(rgb(1600, 1200), { width: 6400, height: 4800 }, PHOTO, 2);
    expect(usual.bytes).toBeLessThan(COST_LIMITS.bytes);
    expect(usual.tiles).toBeLessThan(COST_LIMITS.tiles);
    expect(() => checkCost('x', usual, false, 'confirm')).not.toThrow();
  });

  it('covers the peak RSS measured for 100 MP ×1 upscales (rss-probe) and keeps them under the memory limit', () => {
    const measuredMb = { 8: 1105, 16: 1801 };
    for (const bitDepth of [8, 16] as const) {
      const cost = upscaleCost(rgb(10000, 10000, bitDepth), { width: 10000, height: 10000 }, PHOTO, 2);
      expect(cost.bytes / 1024 ** 2).toBeGreaterThan(measuredMb[bitDepth]);
      expect(cost.bytes).toBeLessThan(COST_LIMITS.bytes);
    }
  });

  it('grows an upscale’s estimate with the scale: a ×16 of 96×64 asks (measured 2,196 MB), ×8 does not', () => {
    // The shipped super-resolution model's shape (its manifest's recipe).
    const superres: ModelShape = { ...PHOTO, maxGridContext: 64, contextFeatures: 72, targetFeatures: 111 };
    const measuredMb = { 1: 579, 4: 869, 8: 1114, 12: 1503, 16: 2196 };
    for (const [scale, mb] of Object.entries(measuredMb)) {
      const s = Number(scale);
      const cost = upscaleCost(rgb(96, 64), { width: 96 * s, height: 64 * s }, superres, 2);
      expect(cost.bytes / 1024 ** 2).toBeGreaterThan(mb);
    }
    const x16 = upscaleCost(rgb(96, 64), { width: 1536, height: 1024 }, superres, 2);
    expect(() => checkCost('this upscale', x16, false, 'confirm')).toThrow(
      expect.objectContaining({ code: 'NEEDS_CONFIRMATION' }),
    );
    const x8 = upscaleCost(rgb(96, 64), { width: 768, height: 512 }, superres, 2);
    expect(() => checkCost('this upscale', x8, false, 'confirm')).not.toThrow();
  });

  it('estimates a grid super-resolution model from its summary, with its threads (measured peaks)', () => {
    // The 48-channel grid model's summary (photo super-resolution, grid ANP).
    const grid: UpscaleShape = {
      ...PHOTO,
      meanBase: 'none',
      superRes: { halo: 13, channels: 48, attentionChannels: 32 },
    };
    // `/usr/bin/time -f %M anp upscale`: 96×64 ×4 with 1 and 2 threads; with 2, 512² ×4 and ×2,
    // 1024×128 ×4 and 1024² ×4.
    const measuredMb: [number, number, number, number, number][] = [
      [96, 64, 4, 1, 518],
      [96, 64, 4, 2, 642],
      [512, 512, 4, 2, 1084],
      [512, 512, 2, 2, 1122],
      [1024, 128, 4, 2, 1002],
      [1024, 1024, 4, 2, 1150],
    ];
    for (const [width, height, scale, workers, mb] of measuredMb) {
      const out = { width: scale * width, height: scale * height };
      const cost = upscaleCost(rgb(width, height), out, grid, workers);
      expect(cost.bytes / 1024 ** 2).toBeGreaterThan(mb * 0.94);
      expect(cost.bytes / 1024 ** 2).toBeLessThan(mb * 1.11);
    }
    // The bound: a 4096² output under 1.5 GB; its tiles are 128² anchors.
    const x4 = upscaleCost(rgb(1024, 1024), { width: 4096, height: 4096 }, grid, 2);
    expect(x4.bytes).toBeLessThan(1.5 * 1024 ** 3);
    expect(x4.tiles).toBe(8 * 8);
    // More threads get smaller tiles, so the estimate grows far less than the thread count.
    const eight = upscaleCost(rgb(1024, 1024), { width: 4096, height: 4096 }, grid, 8);
    expect(eight.bytes).toBeLessThan(COST_LIMITS.bytes);
    expect(eight.tiles).toBeGreaterThan(x4.tiles);
    // A wider model gets smaller tiles in the same memory.
    const wide = { ...grid, superRes: { halo: 13, channels: 96, attentionChannels: 64 } };
    const wider = upscaleCost(rgb(1024, 1024), { width: 4096, height: 4096 }, wide, 2);
    expect(wider.tiles).toBeGreaterThan(x4.tiles);
    expect(wider.bytes).toBeLessThan(1.5 * 1024 ** 3);
  });

  it('counts a completion’s samples: 8 samples of a 2 MP photo cost more than 1, both under the limit', () => {
    for (const shape of [{}, COMPLETION]) {
      const one = inpaintCost(rgb(1920, 1080), 1, shape, 2).bytes;
      const eight = inpaintCost(rgb(1920, 1080), 8, shape, 2).bytes;
      expect(eight - one).toBeCloseTo(7 * 1920 * 1080 * 18 * (4 / 3), -3);
      expect(eight).toBeLessThan(COST_LIMITS.bytes);
    }
  });

  it('gives a grid completion model’s threads their window’s cost, within the measured peaks', () => {
    const photo = rgb(1024, 680);
    const thread = inpaintCost(photo, 3, COMPLETION, 2).bytes - inpaintCost(photo, 3, COMPLETION, 1).bytes;
    expect(thread).toBe(32 * 160 ** 2 * 822);
    expect(inpaintCost(photo, 3, { completion: { channels: 64 } }, 1).bytes).toBeGreaterThan(
      inpaintCost(photo, 3, COMPLETION, 1).bytes + thread * 0.99,
    );
    // Peaks of `anp inpaint` with photo-completion (/usr/bin/time -f %M, KB): size, samples, threads.
    const measured: [number, number, number, number, number][] = [
      [512, 340, 3, 2, 1_560_512],
      [1024, 680, 3, 2, 1_610_240],
      [1024, 680, 1, 2, 1_648_712],
      [1024, 680, 1, 1, 990_840],
      [2048, 1365, 3, 1, 1_268_272],
    ];
    for (const [width, height, samples, workers, kb] of measured) {
      const ratio = inpaintCost(rgb(width, height), samples, COMPLETION, workers).bytes / (kb * 1024);
      expect(ratio).toBeGreaterThan(0.99);
      expect(ratio).toBeLessThan(1.2);
    }
  });

  it('refuses past the limits with the estimate and how to go ahead, unless confirmed', () => {
    const cost = inpaintCost(rgb(12000, 12000), 3, COMPLETION, 2);
    expect(() => checkCost('this completion', cost, false, 'run it again with --yes')).toThrow(
      expect.objectContaining({
        code: 'NEEDS_CONFIRMATION',
        message: expect.stringMatching(
          /^this completion would need about \d+\.\d GB of memory, past the limits .*--yes$/,
        ),
      }),
    );
    expect(() => checkCost('this completion', cost, true, '')).not.toThrow();
  });

  it('anp inpaint refuses a 144 MP photo at once, names --yes, and creates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-cost-'));
    await writeFile(join(dir, 'huge.png'), pngHeaderOnly(12000, 12000));
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toFile(join(dir, 'mask.png'));
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    const args = [
      'inpaint',
      join(dir, 'huge.png'),
      '--mask',
      join(dir, 'mask.png'),
      '--out',
      join(dir, 'out'),
    ];
    const started = performance.now();
    expect(await runCli(args)).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(stderr.join('')).toMatch(
      /^anp: this completion would need about .* GB of memory.*--yes to go ahead\n$/,
    );
    expect((await readdir(dir)).sort()).toEqual(['huge.png', 'mask.png']);
  });
});
