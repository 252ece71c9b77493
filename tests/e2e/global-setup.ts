/**
 * Before the end-to-end tests: no fine-tuning run is left paused in the e2e user folder by an earlier,
 * interrupted run. The Fine-tune panel offers a paused run it finds (Resume / Start over) in place of
 * its Start button, which the tests expect.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const E2E_MODELS = join('.tmp', 'e2e-anp-home', 'models');

export default async function dropPausedRuns(): Promise<void> {
  const entries = await readdir(E2E_MODELS).catch(() => [] as string[]);
  const leftovers = entries.filter((e) => /^\..+\.(training|photos)$/.test(e));
  await Promise.all(leftovers.map((e) => rm(join(E2E_MODELS, e), { recursive: true, force: true })));
}
