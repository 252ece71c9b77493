import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePatternPhoto } from '../../tests/fixtures/pattern-photo.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { createInferencePool, type InferencePool } from '../compute/index.js';
import type { ModelRef } from '../util/task.js';
import { type CompletionScores, summariseCases } from './completion-case.js';
import { evaluateCompletion } from './completion-eval.js';
import { fsrAvailability } from './fsr.js';

describe('completion evaluation', () => {
  let model: ModelRef;
  let pool: InferencePool;
  let photo: string;

  beforeAll(async () => {
    model = await writeTinyImageModel();
    pool = createInferencePool({ workers: 1 });
    photo = await writePatternPhoto(
      join(await mkdtemp(join(tmpdir(), 'anp-completion-eval-')), 'photo.png'),
      80,
      72,
    );
  });
  afterAll(() => pool.dispose());

  it('scores strokes, boxes and the structure set: the model, its k = 4 samples and every baseline', async () => {
    const fsr = (await fsrAvailability()).available;
    const m = await evaluateCompletion({
      model,
      pool,
      files: [photo],
      size: 64,
      box: 16,
      fsr,
      structure: true,
      structureCases: 1,
    });
    expect(m.boxSide).toBe(16);
    expect(m.structureCases).toBe(1);
    for (const s of [m.strokes, m.boxes, m.structure!]) {
      for (const key of [
        'meanPsnr',
        'samplePsnr',
        'sampleAveragePsnr',
        'classicalPsnr',
        'teleaPsnr',
      ] as const) {
        // An untrained model's fill may be far off: only finite, positive PSNRs are asked for.
        expect(s[key]).toBeGreaterThan(0);
        expect(s[key]).toBeLessThan(Infinity);
      }
      for (const key of ['meanSsim', 'sampleSsim', 'classicalSsim', 'teleaSsim'] as const) {
        expect(Math.abs(s[key])).toBeLessThanOrEqual(1);
      }
      expect(s.rankHistogram).toHaveLength(5);
      expect(s.rankHistogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(Number.isFinite(s.fsrPsnr)).toBe(fsr);
      expect(s.seconds).toBeGreaterThan(0);
    }
    const without = await evaluateCompletion({ model, pool, files: [photo], size: 64, box: 16 });
    expect(without.structure).toBeUndefined();
    expect(without.boxes.fsrPsnr).toBeNaN();
    // The same holes and seeds: the same scores.
    expect(without.boxes.meanPsnr).toBe(m.boxes.meanPsnr);
  });

  it('averages cases: PSNRs in dB over the finite ones, rank histograms bin by bin, NaN where nothing was scored', () => {
    const base = { meanPsnr: 20, teleaPsnr: 10, fsrPsnr: NaN, meanSsim: 0.5, rankHistogram: [1, 0, 0, 0, 0] };
    const other = {
      meanPsnr: Infinity,
      teleaPsnr: 14,
      fsrPsnr: NaN,
      meanSsim: 0.7,
      rankHistogram: [0, 0, 0, 0, 1],
    };
    const s = summariseCases([base, other] as unknown as CompletionScores[]);
    expect(s.meanPsnr).toBe(20);
    expect(s.teleaPsnr).toBe(12);
    expect(s.fsrPsnr).toBeNaN();
    expect(s.meanSsim).toBeCloseTo(0.6, 12);
    expect(s.rankHistogram).toEqual([0.5, 0, 0, 0, 0.5]);
    expect(() => summariseCases([])).toThrow(/no cases/);
  });
});
