/**
 * `anp bench train`: training throughput (steps/s, examples/s) of the stacked ANP on photo tasks with
 * one gradient worker and with one per core, and the scaling efficiency between them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initBackend } from '../../models/backend.js';
import { createModel, stackedAnpConfig } from '../../models/index.js';
import { parseArgs } from '../cli/args.js';
import { DEFAULT_BATCH_OPTIONS } from '../data/batch.js';
import { loadPhotoFolder } from '../data/photo-folder.js';
import { machineInfo } from '../experiments/output.js';
import { defaultRecipe, trainModel } from '../training/train.js';
import type { BenchTarget } from './target.js';

const spec = {
  data: { type: 'string' },
  hidden: { type: 'number', integer: true, min: 8, max: 1024 },
  batch: { type: 'number', integer: true, min: 1, max: 1024 },
  steps: { type: 'number', integer: true, min: 1, max: 10_000 },
  warmup: { type: 'number', integer: true, min: 0, max: 1000 },
  workers: { type: 'string' },
  out: { type: 'string' },
} as const;

interface Row {
  workers: number;
  stepsPerSecond: number;
  examplesPerSecond: number;
  speedup: number;
  efficiency: number;
}

export const trainBench: BenchTarget = {
  name: 'train',
  summary: 'training steps/s and examples/s with 1 and with all gradient workers; scaling efficiency',
  async run(argv) {
    const { options: o } = parseArgs(argv, spec);
    const info = await initBackend('auto');
    const cores = availableParallelism();
    const workerCounts = (o.workers ?? `1,${cores}`).split(',').map((s) => Number(s));
    const hidden = o.hidden ?? 64;
    const batchSize = o.batch ?? 16;
    const timed = o.steps ?? 6;
    const warmup = o.warmup ?? 2;
    const data = o.data ?? 'tests/fixtures/photos';
    const photos = await loadPhotoFolder(data);
    const all = [...photos.train, ...photos.heldOut];
    const recipe = defaultRecipe({
      steps: warmup + timed,
      batchSize,
      batch: {
        ...DEFAULT_BATCH_OPTIONS,
        task: { ...DEFAULT_BATCH_OPTIONS.task, maxContext: 100, maxTargets: 100, maxGridContext: 100 },
      },
    });
    const rows: Row[] = [];
    for (const workers of workerCounts) {
      const model = createModel({ ...stackedAnpConfig(2, 3), hidden, latentDim: hidden });
      const workDir = await mkdtemp(join(tmpdir(), 'anp-bench-train-'));
      let warmAt = 0;
      try {
        await trainModel({
          model,
          photos: all,
          recipe,
          workDir,
          workers,
          backend: info.backend,
          logEverySteps: 1,
          onProgress: (p) => {
            if (p.done === warmup) warmAt = performance.now();
          },
        });
      } finally {
        model.dispose();
        await rm(workDir, { recursive: true, force: true });
      }
      const stepsPerSecond = timed / ((performance.now() - warmAt) / 1000);
      const base = rows[0]?.stepsPerSecond ?? stepsPerSecond;
      const speedup = stepsPerSecond / base;
      const baseWorkers = rows[0]?.workers ?? workers;
      rows.push({
        workers,
        stepsPerSecond,
        examplesPerSecond: stepsPerSecond * batchSize,
        speedup,
        efficiency: speedup / (workers / baseWorkers),
      });
      console.log(
        `${workers} worker(s): ${stepsPerSecond.toFixed(3)} steps/s, ${(stepsPerSecond * batchSize).toFixed(2)} examples/s`,
      );
    }
    console.table(
      rows.map((r) => ({
        ...r,
        stepsPerSecond: +r.stepsPerSecond.toFixed(3),
        examplesPerSecond: +r.examplesPerSecond.toFixed(2),
        speedup: +r.speedup.toFixed(2),
        efficiency: +r.efficiency.toFixed(2),
      })),
    );
    const out = o.out ?? 'bench/results/train.json';
    await mkdir(dirname(out), { recursive: true });
    const result = {
      target: 'train',
      machine: { ...machineInfo(), backend: info.backend, device: info.device, loadAverage: loadavg() },
      sizes: {
        hidden,
        batch: batchSize,
        window: recipe.batch.window.size,
        maxContext: 100,
        maxTargets: 100,
        maxGridContext: 100,
      },
      steps: { warmup, timed },
      data,
      rows,
      note: 'Steps include batch sampling, gradient workers, averaging and Adam. The batch is split across the workers. The machine may be shared with other jobs; loadAverage is sampled at the end.',
    };
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${out}`);
  },
};
