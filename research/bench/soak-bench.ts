/**
 * `anp bench soak`: a soak of one engine with the shipped models (soak.ts) on a small crop of
 * the sample photo; writes research/results/soak.json with every job's tensor counts and RSS.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { ImageInfo } from '../../app/api/contract.js';
import { Engine } from '../../app/engine/engine.js';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { PRETRAINED_DIR } from '../../app/shipped-models.js';
import { parseArgs } from '../../app/util/args.js';
import { runSoak } from './soak.js';
import type { BenchTarget } from './target.js';

const SAMPLE_PHOTO = fileURLToPath(new URL('../../assets/sample.jpg', import.meta.url));
const RESULTS = resultsPath('soak.json');

export const soakBench: BenchTarget = {
  name: 'soak',
  summary: 'run many jobs in one engine; tensor counts after each and RSS per 100 jobs (--jobs, default 300)',
  async run(argv) {
    const { options } = parseArgs(argv, {
      jobs: { type: 'number', integer: true, min: 4, max: 100_000 },
      side: { type: 'number', integer: true, min: 24, max: 512 },
      window: { type: 'number', integer: true, min: 1, max: 100_000 },
      out: { type: 'string' },
    } as const);
    const jobs = options.jobs ?? 300;
    const side = options.side ?? 64;
    const window = options.window ?? 100;
    const out = options.out ?? RESULTS;
    const root = await mkdtemp(join(tmpdir(), 'anp-soak-'));
    const engine = await Engine.create({
      models: {
        builtinDir: PRETRAINED_DIR,
        userDir: join(root, 'models'),
        settingsPath: join(root, 's.json'),
      },
      loadTasks: async () => (await import('../../app/engine/engine-tasks.js')).engineTasks,
      sessionDir: join(root, 'session'),
    });
    try {
      const png = await sharp(SAMPLE_PHOTO).resize(side, side, { fit: 'inside' }).png().toBuffer();
      const photo = (await engine.call('openImage', {
        kind: 'bytes',
        name: 'sample.png',
        dataBase64: png.toString('base64'),
      })) as ImageInfo;
      const loadBefore = loadavg()[0]!;
      const loadByWindow: number[] = [];
      const started = performance.now();
      const report = await runSoak({
        engine,
        photo,
        jobs,
        window,
        onJob: (j) => {
          console.log(
            `job ${j.index + 1}/${jobs} ${j.kind}: ${j.outcome} in ${j.seconds.toFixed(2)} s, ` +
              `tensors ${j.tensors.engine} + [${j.tensors.threads.join(', ')}], RSS ${j.rssMb.toFixed(0)} MB`,
          );
          if ((j.index + 1) % window === 0) loadByWindow.push(loadavg()[0]!);
        },
      });
      const summary = {
        machine: {
          ...machineInfo(),
          loadAverage: { before: loadBefore, afterEachWindow: loadByWindow, after: loadavg()[0]! },
        },
        photo: { width: photo.width, height: photo.height },
        jobs,
        seconds: (performance.now() - started) / 1000,
        baseline: report.baseline,
        leakingJobs: report.leakingJobs,
        failedJobs: report.failedJobs,
        rssMb: report.rssMb,
        rssSlopeMbPer100Jobs: report.rssSlopeMbPer100Jobs,
        rssByWindow: report.rssByWindow,
        maxGrowthAfterFirstWindowMb: report.maxGrowthAfterFirstWindowMb,
      };
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify({ ...summary, perJob: report.jobs }, null, 2)}\n`);
      console.log(JSON.stringify(summary));
      console.log(`wrote ${out}`);
    } finally {
      await engine.dispose();
      await rm(root, { recursive: true, force: true });
    }
  },
};
