/**
 * The grid super-resolution model's FLOPs on real jobs: the upscale of a 512² photo as the app cuts
 * it into tiles (`planSuperRes`: blocks of anchors, each with the model's halo, and z read once from
 * the central crop), counted by `superResJobFlops`, at the factors the issue budgets.
 */
import { superResHalo, type GridSuperResConfig } from '../../models/index.js';
import { latentCrop, planSuperRes, tileBudget, tileCrop } from '../../app/tasks/superres-plan.js';
import { superResJobFlops, type SuperResFlops, type SuperResJob } from './model-flops.js';

export const FLOPS_SIDE = 512;
export const FLOPS_SCALES = [2, 3.7, 4, 8];

const length = ([a, b]: readonly [number, number]) => b - a;

/**
 * The ×scale upscale of a side² image as the app's plan tiles it on `workers` threads (the tiles'
 * memory budget depends on them), and the anchors on its first tile's side.
 */
export function appSuperResJob(
  c: GridSuperResConfig,
  side: number,
  scale: number,
  workers: number,
): SuperResJob & { tileSide: number } {
  const out = Math.round(side * scale);
  const shape = { halo: superResHalo(c), channels: c.channels, attentionChannels: c.attentionChannels };
  const plan = planSuperRes(side, side, out, out, shape, tileBudget(workers));
  const crop = latentCrop(plan);
  return {
    tileSide: length(plan.tileColumns[0]!),
    inWidth: side,
    inHeight: side,
    outWidth: out,
    outHeight: out,
    rows: plan.tileRows.map((span) => tileCrop(span, plan.halo, side)),
    columns: plan.tileColumns.map((span) => tileCrop(span, plan.halo, side)),
    slots: [plan.columns.slots, plan.rows.slots],
    latentPixels: length(crop.rows) * length(crop.columns),
  };
}

export interface FlopsRow extends SuperResFlops {
  scale: number;
  /** Anchors on a tile's side (the first tile). */
  tileSide: number;
  tiles: number;
}

export function superResFlopsRows(c: GridSuperResConfig, workers: number, side = FLOPS_SIDE): FlopsRow[] {
  return FLOPS_SCALES.map((scale) => {
    const job = appSuperResJob(c, side, scale, workers);
    return {
      scale,
      ...superResJobFlops(c, job),
      tileSide: job.tileSide,
      tiles: job.rows.length * job.columns.length,
    };
  });
}

const k = (flops: number) => (flops / 1000).toFixed(1).padStart(9);

/** The table's lines: kFLOP per output pixel by part, and one target slot's kFLOP. */
export function flopsTable(rows: readonly FlopsRow[], workers: number, side = FLOPS_SIDE): string[] {
  return [
    `grid super-resolution FLOPs, kFLOP per output pixel of ×s of ${side}×${side} as the app tiles it for ${workers} worker${workers === 1 ? '' : 's'}`,
    'factor    encoder  K/V/q/z   targets    total  (a target slot)  halo ×  tiles (side)',
    ...rows.map(
      (r) =>
        `×${String(r.scale).padEnd(4)}${k(r.encoderPerOutputPixel)}${k(r.perLowPixelPerOutputPixel)}${k(r.perTargetPerOutputPixel)}${k(r.totalPerOutputPixel)}${k(r.targetFlops).padStart(17)}${r.haloFactor.toFixed(2).padStart(8)}${String(r.tiles).padStart(7)} (${r.tileSide})`,
    ),
  ];
}
