import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAppBackend } from '../compute/backend-choice.js';
import type { MaskT } from '../api/contract.js';
import { COMPLETION_MODEL, PHOTO_MODEL } from '../../tests/fixtures/shipped-models.js';
import { pixelAttention } from './attention.js';

describe('pixelAttention (shipped photo model)', () => {
  let dir: string;
  let completed: string;
  const hole = { x: 30, y: 20, width: 20, height: 14 };
  const mask: MaskT = { kind: 'shapes', shapes: [{ kind: 'rect', ...hole }] };

  beforeAll(async () => {
    await initAppBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'anp-attention-'));
    completed = join(dir, 'completed.png');
    const data = Buffer.alloc(96 * 72 * 3);
    for (let i = 0; i < 96 * 72; i++) data.set([(i * 7) % 256, (i % 96) * 2, 90], i * 3);
    await sharp(data, { raw: { width: 96, height: 72, channels: 3 } })
      .png()
      .toFile(completed);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives every head a distribution over the context points of the window around the pixel', async () => {
    const out = await pixelAttention({ completed, mask, model: PHOTO_MODEL, x: 40, y: 27 });
    expect(out.weights.length).toBeGreaterThan(1);
    expect(out.points.length).toBeGreaterThan(10);
    for (const head of out.weights) {
      expect(head).toHaveLength(out.points.length);
      expect(head.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(Math.min(...head)).toBeGreaterThanOrEqual(0);
    }
    const { window } = out;
    expect(window.x <= 40 && 40 < window.x + window.width).toBe(true);
    expect(window.y <= 27 && 27 < window.y + window.height).toBe(true);
    for (const [x, y] of out.points) {
      expect(x >= window.x - 1 && x < window.x + window.width + 1).toBe(true);
      expect(y >= window.y - 1 && y < window.y + window.height + 1).toBe(true);
      const inHole = x >= hole.x && x < hole.x + hole.width && y >= hole.y && y < hole.y + hole.height;
      expect(inHole).toBe(false);
    }
    // The heads differ: they are not one attention map repeated.
    expect(out.weights[0]).not.toEqual(out.weights[1]);
  });

  it('refuses a pixel that was not completed', async () => {
    await expect(pixelAttention({ completed, mask, model: PHOTO_MODEL, x: 5, y: 5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/outside the mask/),
    });
  });

  it('shows the grid model’s heads over the blocks of known pixels of its window, not one map repeated', async () => {
    const out = await pixelAttention({ completed, mask, model: COMPLETION_MODEL, x: 40, y: 27 });
    expect(out.weights).toHaveLength(4);
    const { window } = out;
    expect(window.x <= 40 && 40 < window.x + window.width).toBe(true);
    expect(out.points.length).toBeGreaterThan(10);
    for (const [x, y] of out.points) {
      expect(x >= window.x && x < window.x + window.width).toBe(true);
      expect(y >= window.y && y < window.y + window.height).toBe(true);
    }
    for (const head of out.weights) {
      expect(head).toHaveLength(out.points.length);
      expect(head.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    const spread = (head: number[]) => Math.max(...head);
    // Local and global heads: their most-weighted block carries different shares.
    expect(Math.max(...out.weights.map(spread)) - Math.min(...out.weights.map(spread))).toBeGreaterThan(0.05);
  });
});
