/** The image experiments' figures: completions per context size, the resolution change, the validation curves. */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/index.js';
import { contextCounts, contextPixels } from './image-completion.js';
import { contextImage, imageDataUri, imageGridSvg, type ImageRow } from './images-svg.js';
import { writeFigure } from './output.js';
import type { TrainedImageModel } from './image-training.js';
import { gridCoords, type ImageGrid, pixelSet } from './pixel-tasks.js';
import { chartSvg, PALETTE, type Panel } from './svg.js';

export interface NamedModel {
  name: string;
  model: NeuralProcess;
}

const CELL = 84;
const channelsOf = (grid: ImageGrid) => grid.channels as 1 | 3;

/** The mean and one seeded sample at every pixel of an n×n grid, given the pixels `known` of `image`. */
function predictGrid(
  model: NeuralProcess,
  image: Float32Array,
  known: ArrayLike<number>,
  grid: ImageGrid,
  n: number,
) {
  return tf.tidy(() => {
    const context = pixelSet([image], [known], grid);
    const x = tf.tensor3d(gridCoords(n), [1, n * n, 2]);
    const mean = model.predict(context, { x }).mean.dataSync() as Float32Array;
    const sample = model.predict(context, { x }, { z: 'sample', seed: 5 }).mean.dataSync() as Float32Array;
    return { mean, sample };
  });
}

/** Rows per test image: the contexts (10 / 100 / half / all pixels), then each model's mean (and a sample, for latent models). */
export async function completionFigure(
  name: string,
  title: string,
  models: NamedModel[],
  test: Float32Array[],
  which: number[],
  grid: ImageGrid,
  seed: number,
): Promise<void> {
  const counts = contextCounts(grid);
  const ch = channelsOf(grid);
  const uri = (values: ArrayLike<number>, channels: 1 | 3) => imageDataUri(values, grid.side, channels, CELL);
  const rows: ImageRow[] = [];
  for (const index of which) {
    const image = test[index]!;
    const cuts = counts.map((c) => contextPixels(grid, index, c.count, seed));
    rows.push({
      label: `context (test #${index})`,
      cells: [
        await uri(image, ch),
        ...(await Promise.all(cuts.map((k) => uri(contextImage(image, k, ch), 3)))),
      ],
    });
    for (const { name: label, model } of models) {
      const preds = cuts.map((k) => predictGrid(model, image, k, grid, grid.side));
      rows.push({
        label: `${label} mean`,
        cells: ['', ...(await Promise.all(preds.map((p) => uri(p.mean, ch))))],
      });
      if (model.config.kind !== 'cnp')
        rows.push({
          label: `${label} sample`,
          cells: ['', ...(await Promise.all(preds.map((p) => uri(p.sample, ch))))],
        });
    }
  }
  const columns = ['truth', ...counts.map((c) => `${c.label} pixels`)];
  await writeFigure(name, imageGridSvg(title, columns, rows, CELL));
}

/** Box downsampling of an s×s image to n×n: each low-res pixel averages the pixels whose centres it covers. */
export function downsample(image: Float32Array, grid: ImageGrid, n: number): Float32Array {
  const { side, channels } = grid;
  const sum = new Float32Array(n * n * channels);
  const count = new Float32Array(n * n);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const cell = Math.floor((r * n) / side) * n + Math.floor((c * n) / side);
      for (let k = 0; k < channels; k++) sum[cell * channels + k]! += image[(r * side + c) * channels + k]!;
      count[cell]! += 1;
    }
  }
  return sum.map((v, i) => v / count[Math.floor(i / channels)]!);
}

/**
 * Resolution change: each low-resolution image (all its pixels, at their own pixel centres) as
 * context, the model queried on an `out`×`out` grid.
 */
export async function resolutionFigure(
  name: string,
  title: string,
  models: NamedModel[],
  test: Float32Array[],
  which: number[],
  grid: ImageGrid,
  lows: number[],
  out: number,
): Promise<void> {
  const ch = channelsOf(grid);
  const rows: ImageRow[] = [];
  for (const index of which) {
    const image = test[index]!;
    const smalls = lows.map((n) => downsample(image, grid, n));
    rows.push({
      label: `input (test #${index})`,
      cells: [
        await imageDataUri(image, grid.side, ch, CELL),
        ...(await Promise.all(smalls.map((s, i) => imageDataUri(s, lows[i]!, ch, CELL)))),
      ],
    });
    for (const { name: label, model } of models) {
      const outs = smalls.map((s, i) => {
        const n = lows[i]!;
        const every = Int32Array.from({ length: n * n }, (_, p) => p);
        return predictGrid(model, s, every, { side: n, channels: grid.channels }, out).mean;
      });
      rows.push({
        label: `${label} → ${out}×${out}`,
        cells: ['', ...(await Promise.all(outs.map((o) => imageDataUri(o, out, ch, CELL))))],
      });
    }
  }
  const columns = [`original ${grid.side}×${grid.side}`, ...lows.map((n) => `from ${n}×${n}`)];
  await writeFigure(name, imageGridSvg(title, columns, rows, CELL));
}

/** Validation target NLL against training wall time, one line per model. */
export async function validationCurveFigure(
  name: string,
  title: string,
  trained: TrainedImageModel[],
): Promise<void> {
  const panel: Panel = {
    title,
    xLabel: 'training wall-clock (s)',
    yLabel: 'target NLL per pixel',
    series: trained.map((t, i) => ({
      name: `${t.spec.name} (${t.training.steps} steps)`,
      color: PALETTE[i]!,
      points: t.training.curve.map((p) => [p.wallSeconds, p.validation.targetNll] as [number, number]),
    })),
  };
  await writeFigure(name, chartSvg([panel], 1, 640, 400));
}
