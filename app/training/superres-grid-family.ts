/** The grid super-resolution family of grid-run: how to make, measure and describe one in a run. */
import { createSuperResModel, type GridSuperResModel } from '../../models/index.js';
import type { SuperResGridBatchOptions } from '../data/superres-grid-batch.js';
import {
  exportFamilyModel,
  runFamilyTraining,
  type FamilyRunOptions,
  type FamilyRunResult,
  type GridFamilySpec,
} from './grid-run.js';
import { renderSuperResGridCard, type SuperResGridCardInfo } from './superres-grid-card.js';
import { evaluateSuperResGrid, type SuperResGridQuality } from './superres-grid-evaluate.js';

export const SUPERRES_GRID_FAMILY: GridFamilySpec<
  GridSuperResModel,
  SuperResGridBatchOptions,
  SuperResGridQuality
> = {
  kind: 'grid-superres',
  name: 'grid super-resolution ANP',
  create: (config, seed) => createSuperResModel(config, { seed }),
  evaluate: (model, photos, batch) => evaluateSuperResGrid(model, photos, batch),
  describe: (q) =>
    q.factors
      .map((f) => `×${f.factor} ${f.meanPsnr.toFixed(2)} dB (Lanczos ${f.basePsnr.toFixed(2)})`)
      .join(', ') + `, NLL ${q.nll.toFixed(3)}`,
  renderCard: renderSuperResGridCard,
};

export const runSuperResGridTraining = (
  opts: FamilyRunOptions<GridSuperResModel, SuperResGridBatchOptions>,
): Promise<FamilyRunResult<SuperResGridQuality>> => runFamilyTraining(SUPERRES_GRID_FAMILY, opts);

export const exportSuperResGridModel = (
  model: GridSuperResModel,
  dir: string,
  card: Omit<SuperResGridCardInfo, 'config' | 'parameters'>,
  metrics?: object,
): Promise<void> => exportFamilyModel(SUPERRES_GRID_FAMILY, model, dir, card, metrics);
