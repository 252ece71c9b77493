/** `anp train --model completion`: the grid ANP that completes photos, trained on grid windows. */
import { resolve } from 'node:path';
import { gridAnpConfig } from '../../../models/index.js';
import { DEFAULT_GRID_BATCH_OPTIONS } from '../../data/grid-batch.js';
import { runGridTraining, type GridRecipe, type GridRunResult } from '../../training/grid-run.js';

export interface CompletionFlags {
  data: string;
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

/** The recipe: β-NLL σ and a least-squares mean at the hole (the loss the image experiments found sound). */
export function completionRecipe(flags: CompletionFlags): GridRecipe {
  return {
    steps: flags.steps ?? 20_000,
    batchSize: flags.batch ?? 8,
    learningRate: flags.lr ?? 1e-3,
    warmupSteps: flags.warmup ?? 200,
    finalLearningRateFraction: 0.1,
    clipNorm: 1,
    seed: flags.seed ?? 1,
    betaNll: 1,
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

export function trainCompletion(
  flags: CompletionFlags,
  context: { backendName: string; command: string; signal: AbortSignal; say: (line: string) => void },
): Promise<GridRunResult> {
  return runGridTraining({
    data: resolve(flags.data),
    out: flags.out,
    workDir: resolve(flags.work ?? `${flags.out}.training`),
    recipe: completionRecipe(flags),
    config: { ...gridAnpConfig(3), ...(flags.hidden ? { channels: flags.hidden } : {}) },
    ...(flags.from ? { from: resolve(flags.from) } : {}),
    resume: flags.resume ?? false,
    workers: flags.workers,
    backendName: context.backendName,
    checkpointEverySeconds: flags.checkpointEvery ?? 600,
    title: 'Photo completion (grid ANP)',
    summary:
      'A convolutional Attentive Neural Process on the pixel grid that completes erased regions of photos: its mean corrects a pull-push fill, and its samples are drawn from its own predictive, autoregressively.',
    command: context.command,
    signal: context.signal,
    onLog: context.say,
  });
}
