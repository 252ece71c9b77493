import { ApiError } from '../../app/api/errors.js';
import { deserializeAppModel } from '../../app/model-factory.js';
import { loadModelDir } from '../../app/model-files.js';
import { GP_TASK } from './gp-curves.js';
import {
  chosenModels,
  GP1D_MODEL_DIR,
  GP1D_MODELS,
  modelDirName,
  npmlDirName,
  saveGp1dModel,
  testNll,
  TRAINING_NOTE,
  trainGp1dModel,
} from './gp1d.js';
import { log, writeResults } from './output.js';
import { machineInfo } from '../shared/machine.js';

export interface Gp1dNpmlOptions {
  steps: number;
  /** Adam's peak rate, decayed by a cosine to a tenth of it over the run. */
  learningRate: number;
  /** Draws of z per NPML step. */
  samples: number;
  /** Test functions. */
  functions: number;
  /** Only these gp1d models (folder names). */
  models?: string[];
}

/**
 * NPML costs `samples` decoder passes a step, so it fine-tunes the ELBO models at a fraction of
 * their 20,000 steps rather than training from scratch, starting below their final ELBO rate.
 */
export const GP1D_NPML_DEFAULTS: Gp1dNpmlOptions = {
  steps: 1500,
  learningRate: 2e-4,
  samples: 16,
  functions: 1008,
};

const NPML_NOTE =
  'Fine-tuned from the ELBO model of the same name (research/results/gp1d-models/<name>) with NPML: −log mean_s p(y_T | z_s), z_s ~ q(z | C), per target point; the same task batches, clipping and cosine schedule as gp1d.';

/**
 * `anp experiment gp1d --objective npml`: fine-tunes the trained ELBO gp1d models with NPML into
 * `<name>-npml` folders, scoring each before (the ELBO model, same test functions) and after.
 */
export async function runGp1dNpml(o: Gp1dNpmlOptions): Promise<void> {
  const rows = [];
  for (const spec of chosenModels(o.models)) {
    const from = `${GP1D_MODEL_DIR}/${modelDirName(spec.name)}`;
    const files = await loadModelDir(from).catch(() => {
      throw new ApiError('NOT_FOUND', `no ELBO model in ${from}: run 'anp experiment gp1d' first`);
    });
    const model = deserializeAppModel(files.manifest, files.weights, {
      scope: `npml${GP1D_MODELS.indexOf(spec)}/`,
    });
    const elbo = await testNll(model, o.functions);
    const label = `${spec.name} NPML`;
    log(
      `${spec.name} (ELBO): test context NLL ${elbo.contextNll.toFixed(3)}, target NLL ${elbo.targetNll.toFixed(3)}`,
    );
    const dir = `${GP1D_MODEL_DIR}/${npmlDirName(spec.name)}`;
    const { training, test } = await trainGp1dModel(model, label, dir, o, {
      objective: 'npml',
      samples: o.samples,
    });
    const recipe = {
      experiment: 'gp1d',
      objective: 'npml',
      fineTunedFrom: modelDirName(spec.name),
      ...o,
      steps: training.steps,
      task: GP_TASK,
      note: `${TRAINING_NOTE} ${NPML_NOTE}`,
    };
    await saveGp1dModel(model, dir, recipe, test);
    rows.push({ name: label, fineTunedFrom: modelDirName(spec.name), elboTest: elbo, training, test });
    model.dispose();
  }
  await writeResults('gp1d-npml', {
    experiment: 'gp1d --objective npml',
    description: NPML_NOTE,
    options: o,
    machine: machineInfo(),
    models: rows,
  });
}
