/**
 * How a fine-tuning run began, kept in its work folder beside the checkpoints so that a paused run
 * resumes as the same run: the recipe it trains by and the held-out NLL of the model it started from.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../api/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { HeldOutNll } from './evaluate.js';
import type { TrainRecipe } from './train.js';

export interface RunStart {
  recipe: TrainRecipe;
  before: HeldOutNll;
}

const FILE = 'run-start.json';

export async function saveRunStart(workDir: string, start: RunStart): Promise<void> {
  await mkdir(workDir, { recursive: true });
  await writeFileAtomic(join(workDir, FILE), `${JSON.stringify(start)}\n`);
}

/** The start of the paused run in `workDir`; NOT_FOUND when there is none to resume. */
export async function loadRunStart(workDir: string, name: string): Promise<RunStart> {
  try {
    return JSON.parse(await readFile(join(workDir, FILE), 'utf8')) as RunStart;
  } catch {
    throw new ApiError('NOT_FOUND', `there is no paused fine-tuning run named '${name}' to resume`);
  }
}
