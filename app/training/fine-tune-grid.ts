/**
 * Fine-tuning a grid ANP (the completion model) on grid windows of the user's photos, with the
 * windows, holes and loss it was trained with; measured before and after on fixed windows of the
 * held-out photos (NLL per hole pixel, and PSNR in the hole against the pull-push fill).
 */
import type { GridAnpModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import type { GridBatchOptions } from '../data/grid-batch.js';
import {
  cardBasics,
  fineTuneSchedule,
  tunedFrom,
  type FineTuneFamily,
  type FinishedFineTune,
} from './fine-tune-family.js';
import { evaluateGrid, type GridQuality } from './grid-evaluate.js';
import { exportGridModel } from './grid-run.js';
import type { GridRecipe } from './train.js';

const EVAL_BATCHES = 2;

type Finished = FinishedFineTune<GridQuality, GridRecipe>;

/** The windows and loss of the grid model's own training, from its manifest's recipe. */
function gridTrainingOf(
  manifest: Record<string, unknown>,
  id: string,
): Pick<GridRecipe, 'batch' | 'betaNll' | 'meanFit'> {
  const recipe = manifest['recipe'] as Partial<GridRecipe> | undefined;
  const batch = recipe?.batch as Partial<GridBatchOptions> | undefined;
  if (batch?.grid !== true || !batch.window)
    throw new ApiError('INVALID_ARGUMENT', `the grid model '${id}' has no training recipe to fine-tune with`);
  return {
    batch: batch as GridBatchOptions,
    ...(recipe?.betaNll !== undefined ? { betaNll: recipe.betaNll } : {}),
    ...(recipe?.meanFit ? { meanFit: recipe.meanFit } : {}),
  };
}

function reproduceCommand(run: Finished): string {
  const r = run.recipe;
  return [
    `anp train --model completion --from ${run.fromModel.dir} --data ${run.photos.folder}`,
    `--steps ${r.steps} --batch ${r.batchSize} --lr ${r.learningRate} --warmup ${r.warmupSteps}`,
    `--seed ${r.seed} --window ${r.batch.window.size}`,
  ].join(' ');
}

export function gridFamily(
  model: GridAnpModel,
  manifest: Record<string, unknown>,
  id: string,
): FineTuneFamily<GridQuality, GridRecipe> {
  const training = gridTrainingOf(manifest, id);
  return {
    model,
    recipe: (choices) => ({ ...fineTuneSchedule(choices), ...training }),
    evalBatches: () => EVAL_BATCHES,
    measure: (photos, recipe, onBatch) =>
      Promise.resolve(evaluateGrid(model, photos, recipe.batch, { batches: EVAL_BATCHES, onBatch })),
    nll: (heldOut) => heldOut.nll,
    export: (dir, run) => {
      const { before, after } = run;
      return exportGridModel(
        model,
        dir,
        {
          ...cardBasics(run),
          summary: `${tunedFrom(run)} Held-out windows: mean PSNR in the hole ${before.meanPsnr.toFixed(2)} → ${after.meanPsnr.toFixed(2)} dB, NLL per pixel ${before.nll.toFixed(3)} → ${after.nll.toFixed(3)}.`,
          command: reproduceCommand(run),
          status: `fine-tuned for ${run.steps} steps; held-out windows before: mean ${before.meanPsnr.toFixed(2)} dB in the hole (pull-push fill ${before.fillPsnr.toFixed(2)} dB), NLL ${before.nll.toFixed(3)} per pixel.`,
          quality: { heldOut: after },
        },
        { step: run.steps, heldOut: after, heldOutBefore: before, fromModel: run.fromModel.id },
      );
    },
  };
}
