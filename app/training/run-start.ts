/**
 * How a fine-tuning run began, kept in its work folder beside the checkpoints so that a paused run
 * resumes as the same run: the recipe it trains by, the held-out NLL of the model it started from,
 * that model and the photo folder. A reloaded page finds the paused runs, with their loss curves so
 * far, through `pausedRuns`.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LossPoint } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { checkpointDir, latestCheckpointStep } from './checkpoint.js';
import { lossHistory } from './fine-tune-history.js';

/** `Recipe`: what it trains by; `HeldOut`: its family's held-out measurement. */
export interface RunStart<Recipe = unknown, HeldOut = unknown> {
  recipe: Recipe;
  before: HeldOut;
  /** The id of the model the run started from. */
  fromModel: string;
  /** The folder of photos it trains on, used again when a resume names none. */
  folder: string;
  /** Seconds per batch of the held-out evaluation before the run (the resumed run's ETA reads it). */
  evalBatchSeconds?: number;
}

const FILE = 'run-start.json';
const WORK_DIR = /^\.(.+)\.training$/;

/** The work folder of the fine-tuning run that writes the model `name` into `modelsDir`. */
export const runWorkDir = (modelsDir: string, name: string): string => join(modelsDir, `.${name}.training`);

export interface PausedRun {
  name: string;
  fromModel: string;
  /** The step of its latest checkpoint. */
  step: number;
  steps: number;
  losses: LossPoint[];
}

/** Runs in `modelsDir` that stopped with a checkpoint and wait for a resume. */
export async function pausedRuns(modelsDir: string): Promise<PausedRun[]> {
  const entries = await readdir(modelsDir).catch(() => [] as string[]);
  const runs = await Promise.all(
    entries.map(async (entry) => {
      const name = WORK_DIR.exec(entry)?.[1];
      if (!name) return null;
      const dir = join(modelsDir, entry);
      try {
        const start = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as Partial<
          RunStart<{ steps?: unknown }>
        >;
        const step = await latestCheckpointStep(checkpointDir(dir));
        const steps = start.recipe?.steps;
        if (!start.fromModel || step === null || typeof steps !== 'number') return null;
        return { name, fromModel: start.fromModel, step, steps, losses: await lossHistory(dir, step) };
      } catch {
        return null;
      }
    }),
  );
  return runs.filter((run): run is PausedRun => run !== null && run.step < run.steps);
}

export async function saveRunStart<R, H>(workDir: string, start: RunStart<R, H>): Promise<void> {
  await mkdir(workDir, { recursive: true });
  await writeFileAtomic(join(workDir, FILE), `${JSON.stringify(start)}\n`);
}

/** The start of the paused run in `workDir`; NOT_FOUND when there is none to resume. */
export async function loadRunStart<R, H>(workDir: string, name: string): Promise<RunStart<R, H>> {
  try {
    return JSON.parse(await readFile(join(workDir, FILE), 'utf8')) as RunStart<R, H>;
  } catch {
    throw new ApiError('NOT_FOUND', `there is no paused fine-tuning run named '${name}' to resume`);
  }
}
