/** An untrained grid super-resolution ANP (its prediction is its Lanczos-3 base) saved as a model folder, for fast tests. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSuperResModel, serializeModel } from '../../models/index.js';
import { smallSuperResConfig } from '../../models/fixtures/superres.js';
import { saveModelDir } from '../../app/model-files.js';
import type { ModelRef } from '../../app/util/task.js';

export async function writeTinySuperResModel(): Promise<ModelRef> {
  const model = createSuperResModel(smallSuperResConfig, { seed: 1 });
  const { manifest, weights } = await serializeModel(model, { recipe: { steps: 0 } });
  model.dispose();
  const dir = await mkdtemp(join(tmpdir(), 'anp-tiny-superres-'));
  await saveModelDir(dir, { manifest: manifest as unknown as Record<string, unknown>, weights });
  return { id: 'tiny-superres', dir };
}
