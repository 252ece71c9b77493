/**
 * The short soak CI runs (`anp bench soak` runs 300 jobs with the shipped models): 20 jobs in one
 * engine with the tiny model, tensor counts back to the baseline after every job.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../app/api/contract.js';
import type { Engine } from '../../app/engine/engine.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import { runSoak, summarise, type SoakJob } from './soak.js';

let engine: Engine | undefined;
afterAll(() => engine?.dispose());

const job = (index: number, threads: number[]): SoakJob => ({
  index,
  kind: 'upscale',
  outcome: 'result',
  seconds: 1,
  tensors: { engine: 0, threads },
  rssMb: 100 + index,
});

describe('soak', () => {
  it('finds a job that leaves tensors behind, and measures RSS growth per job', () => {
    const report = summarise(
      [job(0, [5, 0]), job(1, [0, 0]), job(2, [0, 0]), job(3, [1, 0]), job(4, [0, 0])],
      2,
      2,
    );
    expect(report.baseline.threads).toEqual([0, 0]);
    expect(report.leakingJobs).toEqual([3]);
    expect(report.rssMb.growth).toBe(3);
    expect(report.rssSlopeMbPer100Jobs).toBeCloseTo(100);
  });

  it('reads RSS after every window of jobs and its growth over each', () => {
    const rss = [700, 760, 770, 790, 795, 780, 781];
    const jobs = rss.map((rssMb, index) => ({ ...job(index, [0, 0]), rssMb }));
    const report = summarise(jobs, 1, 3);
    expect(report.rssByWindow).toEqual([
      { afterJobs: 3, rssMb: 770, growthMb: 70 },
      { afterJobs: 6, rssMb: 780, growthMb: 10 },
    ]);
    expect(report.maxGrowthAfterFirstWindowMb).toBe(10);
    expect(summarise(jobs.slice(0, 5), 1, 3).maxGrowthAfterFirstWindowMb).toBeNull();
  });

  it('runs 20 jobs in one engine, each leaving the tensor counts at the baseline', async () => {
    const root = await mkdtemp(join(tmpdir(), 'anp-soak-test-'));
    const tiny = await writeTinyImageModel(16);
    await cp(tiny.dir, join(root, 'builtin', 'tiny'), { recursive: true });
    engine = await engineWithTasks(root);
    await engine.call('selectModel', { id: 'tiny' });
    const pixels = Buffer.alloc(32 * 24 * 3, 0).map((_, i) => (i * 13) % 256);
    const png = await sharp(pixels, { raw: { width: 32, height: 24, channels: 3 } })
      .png()
      .toBuffer();
    const photo = (await engine.call('openImage', {
      kind: 'bytes',
      name: 'photo.png',
      dataBase64: png.toString('base64'),
    })) as ImageInfo;
    const report = await runSoak({ engine, photo, jobs: 20 });
    console.log(
      `soak of 20 jobs: baseline ${JSON.stringify(report.baseline)}, RSS ${JSON.stringify(report.rssMb)}`,
    );
    expect(report.failedJobs).toEqual([]);
    expect(report.leakingJobs).toEqual([]);
    expect(report.jobs.filter((j) => j.outcome === 'result')).toHaveLength(10);
    expect(report.jobs.every((j) => j.tensors.threads.length > 0)).toBe(true);
  });
});
