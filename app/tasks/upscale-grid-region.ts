/**
 * One region of a grid super-resolution upscale, computed alone (the 100 % preview): the tiles of
 * the whole image's plan that hold the region's output pixels, under the z the whole upscale uses,
 * so the region holds exactly the pixels the whole upscale writes there. And the seconds a tile of
 * the plan takes, for the estimate shown before running.
 */
import type { Region } from '../imaging/colour.js';
import type { Span } from './superres-plan.js';
import {
  latentFromCrop,
  outputWindow,
  scatterSlots,
  superResSource,
  tileJob,
  type SuperResTile,
} from './superres-tiles.js';
import type { UpscaleSource } from './upscale-core.js';
import { planGridUpscale, runSuperResTiles, type SuperResRun } from './upscale-grid.js';
import type { RegionColours } from './upscale-region.js';

/** The tile spans whose anchors hold output pixels in [from, to). */
function reaching(spans: Span[], first: Int32Array, from: number, to: number): Span[] {
  return spans.filter(([a0, a1]) => first[a0]! < to && first[a1]! > from);
}

export async function gridUpscaleRegion(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  region: Region,
  run: SuperResRun,
): Promise<RegionColours> {
  const plan = planGridUpscale(src, outWidth, outHeight, run);
  const rows = reaching(plan.tileRows, plan.firstRow, region.y, region.y + region.height);
  const columns = reaching(plan.tileColumns, plan.firstColumn, region.x, region.x + region.width);
  const tiles = rows.flatMap((r) => columns.map((c): SuperResTile => ({ rows: r, columns: c })));
  const out = outputWindow(region.y, region.x, region.width, region.height, src.yDim);
  const started = performance.now();
  await runSuperResTiles(superResSource(src, plan), tiles, { ...run, withStd: false }, (tile, result) =>
    scatterSlots(plan, tile, result.mean, src.yDim, out),
  );
  return { colours: out.data, tiles: tiles.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * Seconds per tile of the plan with every thread working: each thread first runs the middle tile
 * once untimed (a thread's first calls load the model and grow its memory), then once more, timed.
 */
export async function measureGridTileSeconds(
  src: UpscaleSource,
  outWidth: number,
  outHeight: number,
  run: SuperResRun,
): Promise<number> {
  const plan = planGridUpscale(src, outWidth, outHeight, run);
  const source = superResSource(src, plan);
  const middle: SuperResTile = {
    rows: plan.tileRows[plan.tileRows.length >> 1]!,
    columns: plan.tileColumns[plan.tileColumns.length >> 1]!,
  };
  const { workers } = run.pool;
  const everyThread = (latent: Parameters<typeof tileJob>[2]) =>
    Promise.all(
      Array.from({ length: workers }, () =>
        run.pool.superres(run.model, tileJob(source, middle, latent, false), run.signal),
      ),
    );
  const [warm] = await everyThread(latentFromCrop(source));
  const started = performance.now();
  await everyThread({ z: warm!.z });
  return (performance.now() - started) / 1000 / workers;
}
