/** The image experiments' figures: validation curves, completions per context size, the resolution change, attention heads. */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/index.js';
import { contextCounts, contextPixels } from './image-completion.js';
import { contextImage, imageDataUri, imageGridSvg, type ImageRow } from './images-svg.js';
import { writeFigure } from './output.js';
import { attentionHeadsFigure } from './attention-heads.js';
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

/** What an image experiment's figures show. */
export interface ImageFigures {
  /** Names the data in titles and labels: 'MNIST', 'photo crop'. */
  data: string;
  /** Figure names: `<prefix>-nll-vs-time`, `<prefix>-completions`, `<prefix>-resolution`. */
  prefix: string;
  attentionName: string;
  test: Float32Array[];
  grid: ImageGrid;
  /** Seeds the test images' contexts, as in the completion scores. */
  seed: number;
  /** Test images shown: all of them in the completions, the first two in the other figures. */
  shown: number[];
  /** Resolution change: the low-resolution sides given as context and the side queried. */
  lows: number[];
  out: number;
  /** Context pixels and target pixels ([row, column]) of the attention figure. */
  attentionContext: number;
  attentionTargets: [number, number][];
}

/** Rows per test image: the contexts (10 / 100 / half / all pixels), then each model's mean (and a sample, for latent models). */
async function completionFigure(f: ImageFigures, models: NamedModel[]): Promise<void> {
  const { grid, seed, test } = f;
  const counts = contextCounts(grid);
  const ch = channelsOf(grid);
  const uri = (values: ArrayLike<number>, channels: 1 | 3) => imageDataUri(values, grid.side, channels, CELL);
  const rows: ImageRow[] = [];
  for (const index of f.shown) {
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
  const title = `${f.data}: completions of test images from random context pixels (each model trained for the same wall-time budget)`;
  await writeFigure(`${f.prefix}-completions`, imageGridSvg(title, columns, rows, CELL));
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
async function resolutionFigure(f: ImageFigures, models: NamedModel[]): Promise<void> {
  const { grid, lows, out, test } = f;
  const ch = channelsOf(grid);
  const rows: ImageRow[] = [];
  for (const index of f.shown.slice(0, 2)) {
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
  const sides = lows.map((n) => `${n}×${n}`).join(' / ');
  const title = `${f.data}: resolution change — a ${sides} image as context, queried at ${out}×${out} (trained at ${grid.side}×${grid.side})`;
  await writeFigure(`${f.prefix}-resolution`, imageGridSvg(title, columns, rows, CELL));
}

/** Validation target NLL against training wall time, one line per model. */
async function validationCurveFigure(f: ImageFigures, trained: TrainedImageModel[]): Promise<void> {
  const panel: Panel = {
    title: `${f.data}: validation target NLL vs training time`,
    xLabel: 'training wall-clock (s)',
    yLabel: 'target NLL per pixel',
    series: trained.map((t, i) => ({
      name: `${t.spec.name} (${t.training.steps} steps)`,
      color: PALETTE[i]!,
      points: t.training.curve.map((p) => [p.wallSeconds, p.validation.targetNll] as [number, number]),
    })),
  };
  await writeFigure(`${f.prefix}-nll-vs-time`, chartSvg([panel], 1, 640, 400));
}

/** Every figure of an image experiment: validation curves, completions, resolution change, attention heads. */
export async function writeImageFigures(f: ImageFigures, trained: TrainedImageModel[]): Promise<void> {
  const named = trained.map((t) => ({ name: t.spec.name, model: t.model }));
  await validationCurveFigure(f, trained);
  await completionFigure(f, named);
  await resolutionFigure(f, named);
  const anp = trained.find((t) => t.model.config.selfAttentionLayers > 0);
  if (!anp) return;
  await attentionHeadsFigure(
    f.attentionName,
    f.shown.slice(0, 2).map((index) => ({
      label: `${f.data} #${index}`,
      model: anp.model,
      image: f.test[index]!,
      grid: f.grid,
      index,
      seed: f.seed,
      contextCount: f.attentionContext,
      targets: f.attentionTargets,
    })),
  );
}
