/**
 * Runs one upscale (or completion) in a fresh process and prints its wall time and peak resident
 * memory as JSON: `anp bench images` spawns it so the measurement covers exactly one job (threads
 * included). Arguments: INPUT OUTPUT SCALE WORKERS MODEL_DIR [SECONDS]. SCALE `inpaint` completes a
 * 256×256 box in the middle of INPUT instead (OUTPUT is then a folder). With SECONDS the job is
 * cancelled after that long (a job on a 100 MP photo runs for hours here; its memory peaks in its
 * first minutes: the decode, the colours and the first bands), and the peak so far is printed.
 */
import { mkdir } from 'node:fs/promises';
import { createInferencePool } from '../../app/compute/index.js';
import { runInpaint, runUpscale } from '../../app/tasks/index.js';
import type { TaskProgress } from '../../app/util/task.js';

const [input, outPath, scale, workers, dir, seconds] = process.argv.slice(2);
const pool = createInferencePool({ workers: Number(workers) });
const controller = new AbortController();
if (seconds) setTimeout(() => controller.abort(), Number(seconds) * 1000).unref();
const started = performance.now();
const cpu = process.cpuUsage();
let last: TaskProgress | undefined;
const common = {
  input: input!,
  model: { id: 'bench', dir: dir! },
  pool,
  signal: controller.signal,
  onProgress: (p: TaskProgress) => (last = p),
};

async function run(): Promise<object> {
  if (scale !== 'inpaint') {
    const size = { kind: 'scale', scale: Number(scale) } as const;
    return runUpscale({ ...common, size, outPath: outPath!, overwrite: true });
  }
  const { default: sharp } = await import('sharp');
  await mkdir(outPath!, { recursive: true });
  const { width = 0, height = 0 } = await sharp(input!, { limitInputPixels: false }).metadata();
  const box = { kind: 'rect' as const, x: width / 2 - 128, y: height / 2 - 128, width: 256, height: 256 };
  const mask = { kind: 'shapes' as const, shapes: [box] };
  return runInpaint({ ...common, mask, samples: 2, seed: 1, outDir: outPath!, overwrite: true });
}

try {
  const out = await run().catch((err: unknown) => {
    if (!controller.signal.aborted) throw err;
    return { cancelledAfter: Number(seconds), progress: last };
  });
  const used = process.cpuUsage(cpu);
  const result = {
    ...out,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await pool.dispose();
}
