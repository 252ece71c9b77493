/** What `anp train` trains: the --model kinds, and the kind of a model folder that --from starts from. */
import { ApiError } from '../../api/errors.js';
import { loadModelDir } from '../../model-files.js';

export const TRAIN_KINDS = ['photo', 'superres', 'completion', 'superres-grid'] as const;
export type TrainKind = (typeof TRAIN_KINDS)[number];

export function parseTrainKind(value: string): TrainKind {
  if (!(TRAIN_KINDS as readonly string[]).includes(value))
    throw new ApiError(
      'INVALID_ARGUMENT',
      `--model must be 'photo', 'superres', 'completion' or 'superres-grid', got '${value}'`,
    );
  return value as TrainKind;
}

/**
 * The kind that continues a model's own training: its family, and for a point-set model whether its
 * targets carry super-resolution features (only super-resolution tasks make them).
 */
export function kindOfConfig(config: { kind?: unknown; targetFeatures?: unknown }): TrainKind {
  if (config.kind === 'grid-anp') return 'completion';
  if (config.kind === 'grid-superres') return 'superres-grid';
  return typeof config.targetFeatures === 'number' && config.targetFeatures > 0 ? 'superres' : 'photo';
}

/** The kind of the model in `dir`, from its manifest. */
export async function kindOfModel(dir: string): Promise<TrainKind> {
  const { manifest } = await loadModelDir(dir);
  const config = manifest['config'];
  if (typeof config !== 'object' || config === null)
    throw new ApiError('MODEL_ERROR', `${dir}: its manifest has no config`);
  return kindOfConfig(config);
}
