/** `anp train --model completion`: the grid ANP that completes photos, trained on grid windows. */
import { resolve } from 'node:path';
import { gridAnpConfig } from '../../../models/index.js';
import { DEFAULT_GRID_BATCH_OPTIONS } from '../../data/grid-batch.js';
import { runGridTraining, type GridRecipe, type GridRunResult } from '../../training/grid-run.js';

export interface CompletionFlags {
  data: string;
  exclude?: { list: string; names: ReadonlySet<string> };
  out: string;
  work?: string | undefined;
  from?: string | undefined;
  steps?: number | undefined;
  batch?: number | undefined;
  lr?: number | undefined;
  warmup?: number | undefined;
  window?: number | undefined;
  hidden?: number | undefined;
  seed?: number | undefined;
  resume?: boolean | undefined;
  workers: number;
  checkpointEvery?: number | undefined;
}

/** Both grid families' schedule from the flags: Adam at 1e-3 by default, cosine to a tenth, σ by β-NLL. */
export const gridSchedule = (flags: CompletionFlags, defaultSteps: number) => ({
  steps: flags.steps ?? defaultSteps,
  batchSize: flags.batch ?? 8,
  learningRate: flags.lr ?? 1e-3,
  warmupSteps: flags.warmup ?? 200,
  finalLearningRateFraction: 0.1,
  clipNorm: 1,
  seed: flags.seed ?? 1,
  betaNll: 1,
});

/** The recipe: β-NLL σ and a least-squares mean at the hole (the loss the image experiments found sound). */
export function completionRecipe(flags: CompletionFlags): GridRecipe {
  return {
    ...gridSchedule(flags, 20_000),
    meanFit: 'l2',
    batch: {
      ...DEFAULT_GRID_BATCH_OPTIONS,
      window: {
        ...DEFAULT_GRID_BATCH_OPTIONS.window,
        size: flags.window ?? DEFAULT_GRID_BATCH_OPTIONS.window.size,
      },
    },
  };
}

export interface GridRunContext {
  backendName: string;
  command: string;
  signal: AbortSignal;
  say: (line: string) => void;
}

/** Where and how a grid family's run goes, from the flags both grid families share. */
export function gridRunPlace(flags: CompletionFlags, context: GridRunContext) {
  return {
    data: resolve(flags.data),
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    out: flags.out,
    workDir: resolve(flags.work ?? `${flags.out}.training`),
    ...(flags.from ? { from: resolve(flags.from) } : {}),
    resume: flags.resume ?? false,
    workers: flags.workers,
    backendName: context.backendName,
    checkpointEverySeconds: flags.checkpointEvery ?? 600,
    command: context.command,
    signal: context.signal,
    onLog: context.say,
  };
}

export function trainCompletion(flags: CompletionFlags, context: GridRunContext): Promise<GridRunResult> {
  return runGridTraining({
    ...gridRunPlace(flags, context),
    recipe: completionRecipe(flags),
    config: { ...gridAnpConfig(3), ...(flags.hidden ? { channels: flags.hidden } : {}) },
    title: 'Photo completion (grid ANP)',
    summary:
      'A convolutional Attentive Neural Process on the pixel grid that completes erased regions of photos: its mean corrects a pull-push fill, and its samples are drawn from its own predictive, autoregressively.',
  });
}
