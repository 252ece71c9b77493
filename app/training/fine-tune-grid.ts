/**
 * Fine-tuning a grid model — the completion grid ANP or the grid super-resolution ANP — on the
 * user's photos, with the examples and loss it was trained with (from its manifest's recipe);
 * measured before and after on fixed examples of the held-out photos, by the family's own measure.
 */
import type { GridAnpModel, GridSuperResModel } from '../../models/index.js';
import { ApiError } from '../api/errors.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import type { AnyBatchOptions, GridRecipe, SuperResGridRecipe, TrainRecipe } from './train.js';
import {
  cardBasics,
  fineTuneSchedule,
  tunedFrom,
  type FineTuneFamily,
  type FinishedFineTune,
} from './fine-tune-family.js';
import { evaluateGrid, type GridQuality } from './grid-evaluate.js';
import { COMPLETION_FAMILY, exportFamilyModel, type GridFamilySpec } from './grid-run.js';
import { evaluateSuperResGrid, type SuperResGridQuality } from './superres-grid-evaluate.js';
import { SUPERRES_GRID_FAMILY } from './superres-grid-family.js';

const EVAL_BATCHES = 2;

/** What differs between the grid families' fine-tunes. */
interface GridTuning<M extends GridAnpModel | GridSuperResModel, B extends AnyBatchOptions, Q> {
  spec: GridFamilySpec<M, B, Q>;
  /** Whether a stored recipe's batch options are this family's. */
  isBatch: (batch: Partial<B> | undefined) => boolean;
  measure: (model: M, photos: readonly CachedPhoto[], batch: B, onBatch: (done: number) => void) => Q;
  nll: (q: Q) => number;
  /** The card's summary and status sentences, before → after. */
  describe: (before: Q, after: Q) => { summary: string; status: string };
  /** `anp train` flags that reproduce the run, besides the schedule's. */
  command: (recipe: TrainRecipe<B>) => string;
}

/** The examples and loss of the model's own training, from its manifest's recipe. */
function trainingOf<B extends AnyBatchOptions>(
  manifest: Record<string, unknown>,
  id: string,
  isBatch: (batch: Partial<B> | undefined) => boolean,
): Pick<TrainRecipe<B>, 'batch' | 'betaNll' | 'meanFit'> {
  const recipe = manifest['recipe'] as Partial<TrainRecipe<B>> | undefined;
  if (!isBatch(recipe?.batch))
    throw new ApiError('INVALID_ARGUMENT', `the grid model '${id}' has no training recipe to fine-tune with`);
  return {
    batch: recipe!.batch!,
    ...(recipe?.betaNll !== undefined ? { betaNll: recipe.betaNll } : {}),
    ...(recipe?.meanFit ? { meanFit: recipe.meanFit } : {}),
  };
}

function tuneGrid<M extends GridAnpModel | GridSuperResModel, B extends AnyBatchOptions, Q>(
  tuning: GridTuning<M, B, Q>,
  model: M,
  manifest: Record<string, unknown>,
  id: string,
): FineTuneFamily<Q, TrainRecipe<B>> {
  const training = trainingOf<B>(manifest, id, tuning.isBatch);
  return {
    model,
    recipe: (choices) => ({ ...fineTuneSchedule(choices), ...training }),
    evalBatches: () => EVAL_BATCHES,
    measure: (photos, recipe, onBatch) =>
      Promise.resolve(tuning.measure(model, photos, recipe.batch, onBatch)),
    nll: tuning.nll,
    export: (dir, run: FinishedFineTune<Q, TrainRecipe<B>>) => {
      const { before, after } = run;
      const r = run.recipe;
      const { summary, status } = tuning.describe(before, after);
      const command = [
        `anp train ${tuning.command(r)} --from ${run.fromModel.dir} --data ${run.photos.folder}`,
        `--steps ${r.steps} --batch ${r.batchSize} --lr ${r.learningRate} --warmup ${r.warmupSteps} --seed ${r.seed}`,
      ].join(' ');
      return exportFamilyModel(
        tuning.spec,
        model,
        dir,
        {
          ...cardBasics(run),
          summary: `${tunedFrom(run)} ${summary}`,
          command,
          status: `fine-tuned for ${run.steps} steps; ${status}`,
          quality: { heldOut: after },
        },
        { step: run.steps, heldOut: after, heldOutBefore: before, fromModel: run.fromModel.id },
      );
    },
  };
}

const COMPLETION_TUNING: GridTuning<GridAnpModel, GridRecipe['batch'], GridQuality> = {
  spec: COMPLETION_FAMILY,
  isBatch: (batch) => batch?.grid === true && batch.window !== undefined,
  measure: (model, photos, batch, onBatch) =>
    evaluateGrid(model, photos, batch, { batches: EVAL_BATCHES, onBatch }),
  nll: (q) => q.nll,
  describe: (before, after) => ({
    summary: `Held-out windows: mean PSNR in the hole ${before.meanPsnr.toFixed(2)} → ${after.meanPsnr.toFixed(2)} dB, NLL per pixel ${before.nll.toFixed(3)} → ${after.nll.toFixed(3)}.`,
    status: `held-out windows before: mean ${before.meanPsnr.toFixed(2)} dB in the hole (pull-push fill ${before.fillPsnr.toFixed(2)} dB), NLL ${before.nll.toFixed(3)} per pixel.`,
  }),
  command: (r) => `--model completion --window ${r.batch.window.size}`,
};

const factorText = (q: SuperResGridQuality) =>
  q.factors.map((f) => `×${f.factor} ${f.meanPsnr.toFixed(2)} dB`).join(', ');

const SUPERRES_TUNING: GridTuning<GridSuperResModel, SuperResGridRecipe['batch'], SuperResGridQuality> = {
  spec: SUPERRES_GRID_FAMILY,
  isBatch: (batch) => batch?.superresGrid === true && batch.lowSize !== undefined,
  measure: (model, photos, batch, onBatch) => {
    const q = evaluateSuperResGrid(model, photos, batch);
    onBatch(EVAL_BATCHES);
    return q;
  },
  nll: (q) => q.nll,
  describe: (before, after) => ({
    summary: `Held-out grids: ${factorText(before)} → ${factorText(after)}; NLL per target ${before.nll.toFixed(3)} → ${after.nll.toFixed(3)}.`,
    status: `held-out grids before: ${factorText(before)} (Lanczos-3 ${before.factors.map((f) => f.basePsnr.toFixed(2)).join(' / ')} dB), NLL ${before.nll.toFixed(3)} per target.`,
  }),
  command: (r) => `--model superres-grid --window ${r.batch.lowSize}`,
};

export const gridFamily = (model: GridAnpModel, manifest: Record<string, unknown>, id: string) =>
  tuneGrid(COMPLETION_TUNING, model, manifest, id);

export const superResGridFamily = (model: GridSuperResModel, manifest: Record<string, unknown>, id: string) =>
  tuneGrid(SUPERRES_TUNING, model, manifest, id);
