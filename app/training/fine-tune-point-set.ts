/** Fine-tuning a point-set neural process (the photo and super-resolution models) on its own task mix. */
import type { NeuralProcess } from '../../models/core/types.js';
import { batchOptionsOf, evaluateHeldOut, heldOutBatches, type HeldOutNll } from './evaluate.js';
import {
  cardBasics,
  fineTuneSchedule,
  tunedFrom,
  type FineTuneFamily,
  type FinishedFineTune,
} from './fine-tune-family.js';
import { exportModel } from './run.js';
import { defaultRecipe, type TrainRecipe } from './train.js';

type Finished = FinishedFineTune<HeldOutNll, TrainRecipe>;

function reproduceCommand(run: Finished): string {
  const r = run.recipe;
  const t = r.batch.task;
  return [
    `anp train --from ${run.fromModel.dir} --data ${run.photos.folder} --steps ${r.steps} --batch ${r.batchSize}`,
    `--lr ${r.learningRate} --warmup ${r.warmupSteps} --seed ${r.seed} --window ${r.batch.window.size}`,
    `--max-context ${t.maxContext} --max-targets ${t.maxTargets} --max-grid ${t.maxGridContext}`,
  ].join(' ');
}

/** A super-resolution model has no context NLL (NaN, read back from a resumed run's start as null). */
const contextPart = (h: HeldOutNll) =>
  Number.isFinite(h.contextNll) ? `, ${h.contextNll.toFixed(4)} (context)` : '';

export function pointSetFamily(
  model: NeuralProcess,
  manifest: Record<string, unknown>,
): FineTuneFamily<HeldOutNll, TrainRecipe> {
  return {
    model,
    recipe: (choices) => defaultRecipe({ ...fineTuneSchedule(choices), batch: batchOptionsOf(manifest) }),
    evalBatches: (recipe) => heldOutBatches(recipe.batch),
    measure: (photos, recipe, onBatch) => evaluateHeldOut(model, photos, { batch: recipe.batch, onBatch }),
    nll: (heldOut) => heldOut.targetNll,
    export: (dir, run) => {
      const { before, after } = run;
      return exportModel(
        model,
        dir,
        {
          ...cardBasics(run),
          summary: `${tunedFrom(run)} Held-out target NLL ${before.targetNll.toFixed(3)} → ${after.targetNll.toFixed(3)}.`,
          heldOut: after,
          command: reproduceCommand(run),
          status: `fine-tuned for ${run.steps} steps; held-out NLL before: ${before.targetNll.toFixed(4)} (target)${contextPart(before)}.`,
        },
        { heldOutNllBefore: before, heldOutNllAfter: after, fromModel: run.fromModel.id },
      );
    },
  };
}
