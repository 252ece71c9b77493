/**
 * Runs one upscale in a fresh process and prints its wall time and peak resident memory as JSON:
 * `anp bench images` spawns it so the measurement covers exactly one job (threads included).
 * Arguments: INPUT OUTPUT SCALE WORKERS MODEL_DIR.
 */
import { createInferencePool } from '../compute/index.js';
import { runUpscale } from '../tasks/index.js';

const [input, outPath, scale, workers, dir] = process.argv.slice(2);
const pool = createInferencePool({ workers: Number(workers) });
const started = performance.now();
const cpu = process.cpuUsage();
try {
  const out = await runUpscale({
    input: input!,
    size: { kind: 'scale', scale: Number(scale) },
    model: { id: 'bench', dir: dir! },
    outPath: outPath!,
    overwrite: true,
    pool,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ ...out, seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  await pool.dispose();
}
