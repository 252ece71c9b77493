/**
 * The upscale tasks for whichever model does them: the grid super-resolution model's tiles of
 * anchors (`upscale-grid.ts`) or a point-set model's blended windows (`upscale-core.ts`).
 */
import type { ModelSummary, SuperResShape } from '../compute/index.js';
import { ApiError } from '../api/errors.js';
import type { Region } from '../imaging/colour.js';
import { gridUpscaleRegion, measureGridTileSeconds } from './upscale-grid-region.js';
import { upscaleOnGrid } from './upscale-grid.js';
import { upscaleColours, type UpscaleRun, type UpscaleSource } from './upscale-core.js';
import { measureTileSeconds, upscaleRegion, type RegionColours, type RegionRun } from './upscale-region.js';

type WithSummary<T> = Omit<T, 'shape'> & { shape: ModelSummary };

function superResShape(summary: ModelSummary): SuperResShape {
  if (!summary.superRes)
    throw new ApiError('INTERNAL', 'a super-resolution model was described without its shape');
  return summary.superRes;
}

export function upscaleByModel(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: WithSummary<UpscaleRun>,
): Promise<void> {
  if (run.shape.family !== 'superres') return upscaleColours(src, outWidth, outHeight, run);
  return upscaleOnGrid(src, outWidth, outHeight, { ...run, shape: superResShape(run.shape) });
}

export function upscaleRegionByModel(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  region: Region,
  run: WithSummary<RegionRun>,
): Promise<RegionColours> {
  if (run.shape.family !== 'superres') return upscaleRegion(src, outWidth, outHeight, region, run);
  return gridUpscaleRegion(src, outWidth, outHeight, region, { ...run, shape: superResShape(run.shape) });
}

export function measureTileSecondsByModel(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: WithSummary<RegionRun>,
): Promise<number> {
  if (run.shape.family !== 'superres') return measureTileSeconds(src, outWidth, outHeight, run);
  return measureGridTileSeconds(src, outWidth, outHeight, { ...run, shape: superResShape(run.shape) });
}
