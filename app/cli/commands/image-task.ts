/** What `anp inpaint` and `anp upscale` share: model folder, inference pool, progress bar, Ctrl+C. */
import { resolve } from 'node:path';
import { initAppBackend } from '../../compute/backend-choice.js';
import { ApiError } from '../../api/errors.js';
import { createInferencePool, type InferencePool } from '../../compute/index.js';
import { DEFAULT_MODEL_DIR } from '../../shipped-models.js';
import type { ModelRef, TaskProgress } from '../../util/task.js';

/** How a command-line user confirms a job past the cost limits. */
export const CONFIRM_WITH_YES = 'run it again with --yes to go ahead';

export function modelRef(dir: string | undefined, fallback = DEFAULT_MODEL_DIR): ModelRef {
  return { id: 'cli', dir: resolve(dir ?? fallback) };
}

export interface TaskEnvironment {
  pool: InferencePool;
  signal: AbortSignal;
  onProgress: (p: TaskProgress) => void;
}

/** Runs `body` with a pool of one thread per core (or `workers`); Ctrl+C or SIGTERM cancels cleanly. */
export async function withTaskEnvironment<T>(
  label: string,
  workers: number | undefined,
  body: (env: TaskEnvironment) => Promise<T>,
): Promise<T> {
  let threads = workers;
  if (threads === undefined) {
    try {
      threads = (await initAppBackend('auto')).workers;
    } catch (err) {
      throw new ApiError('MODEL_ERROR', err instanceof Error ? err.message : String(err));
    }
  }
  const pool = createInferencePool({ workers: threads });
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const bar = progressBar(label);
  try {
    return await body({ pool, signal: controller.signal, onProgress: bar.update });
  } finally {
    bar.end();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await pool.dispose();
  }
}

/** A one-line bar on stderr (a line per 10 % when stderr is not a terminal). */
export function progressBar(label: string): { update: (p: TaskProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastDecile = -1;
  let drawn = false;
  return {
    update(p) {
      const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const elapsed = (Date.now() - started) / 1000;
      const eta = fraction > 0.02 ? ` eta ${Math.round((elapsed / fraction) * (1 - fraction))}s` : '';
      const text = `${label} [${'#'.repeat(Math.round(fraction * 30)).padEnd(30)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${p.done}/${p.total}${eta}`;
      if (tty) {
        process.stderr.write(`\r${text}\u001b[K`);
        drawn = true;
      } else if (Math.floor(fraction * 10) > lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        process.stderr.write(`${text}\n`);
      }
    },
    end() {
      if (drawn) process.stderr.write('\n');
    },
  };
}
