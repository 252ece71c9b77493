/**
 * The paper's attention figure: for chosen target pixels, where each head of the stacked ANP's
 * cross-attention looks. Per target: every context pixel in the colour of the head that weighs it
 * most (as opaque as that weight, relative to the head's largest), then each head alone.
 */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/index.js';
import { contextPixels } from './image-completion.js';
import { contextImage, imageDataUri, imageGridSvg, type ImageRow } from './images-svg.js';
import { writeFigure } from './output.js';
import { gridCoords, type ImageGrid, pixelSet } from './pixel-tasks.js';
import { PALETTE } from './svg.js';

export interface AttentionCase {
  label: string;
  model: NeuralProcess;
  image: Float32Array;
  grid: ImageGrid;
  /** The context pixels are those of the completions for this test index and seed. */
  index: number;
  seed: number;
  contextCount: number;
  /** Target pixels as [row, column]. */
  targets: [number, number][];
}

const CELL = 112;
const TARGET_RGB = [1, 1, 1];

function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
}

/** Weights [heads][contexts] of one target pixel. */
function headWeights(c: AttentionCase, known: Int32Array, target: [number, number]): number[][] {
  const { side } = c.grid;
  const coords = gridCoords(side);
  const p = target[0] * side + target[1];
  const weights = tf.tidy(() => {
    const context = pixelSet([c.image], [known], c.grid);
    const x = tf.tensor3d([coords[2 * p]!, coords[2 * p + 1]!], [1, 1, 2]);
    const { attention } = c.model.predict(context, { x }, { returnAttention: true });
    if (!attention) throw new Error(`${c.label}: the model returns no cross-attention weights`);
    return attention.squeeze([0, 2]);
  });
  const rows = weights.arraySync() as number[][];
  weights.dispose();
  return rows;
}

/** A dimmed grey copy of the image with the context pixels painted by `paint` and the target white. */
function overlay(
  c: AttentionCase,
  known: Int32Array,
  target: [number, number],
  paint: (k: number) => { rgb: number[]; alpha: number } | null,
): Float32Array {
  const { side, channels } = c.grid;
  const rgb = new Float32Array(side * side * 3);
  for (let p = 0; p < side * side; p++) {
    let grey = 0;
    for (let k = 0; k < channels; k++) grey += c.image[p * channels + k]! / channels;
    rgb.fill(0.25 * grey, 3 * p, 3 * p + 3);
  }
  known.forEach((p, k) => {
    const colour = paint(k);
    if (!colour) return;
    for (let i = 0; i < 3; i++)
      rgb[3 * p + i] = (1 - colour.alpha) * rgb[3 * p + i]! + colour.alpha * colour.rgb[i]!;
  });
  rgb.set(TARGET_RGB, 3 * (target[0] * side + target[1]));
  return rgb;
}

export async function attentionHeadsFigure(name: string, cases: AttentionCase[]): Promise<void> {
  const heads = Math.max(...cases.map((c) => c.model.config.heads));
  const colours = Array.from({ length: heads }, (_, h) => hexRgb(PALETTE[h % PALETTE.length]!));
  const rows: ImageRow[] = [];
  for (const c of cases) {
    const known = contextPixels(c.grid, c.index, c.contextCount, c.seed);
    const uri = (rgb: Float32Array) => imageDataUri(rgb, c.grid.side, 3, CELL);
    for (const target of c.targets) {
      const w = headWeights(c, known, target);
      const peak = w.map((row) => Math.max(...row));
      const strongest = (k: number) => w.reduce((best, row, h) => (row[k]! > w[best]![k]! ? h : best), 0);
      const all = overlay(c, known, target, (k) => {
        const h = strongest(k);
        return { rgb: colours[h]!, alpha: w[h]![k]! / peak[h]! };
      });
      const perHead = w.map((row, h) =>
        overlay(c, known, target, (k) => ({ rgb: colours[h]!, alpha: row[k]! / peak[h]! })),
      );
      rows.push({
        label: `${c.label}, target (${target[0]}, ${target[1]})`,
        cells: [
          await uri(contextImage(c.image, known, c.grid.channels as 1 | 3)),
          await uri(all),
          ...(await Promise.all(perHead.map(uri))),
        ],
      });
    }
  }
  const columns = ['context', 'strongest head', ...Array.from({ length: heads }, (_, h) => `head ${h + 1}`)];
  const legend = colours.map((_, h) => ({ label: `head ${h + 1}`, color: PALETTE[h % PALETTE.length]! }));
  await writeFigure(
    name,
    imageGridSvg(
      'Cross-attention of the stacked multihead ANP: where each head looks for the white target pixel (opacity = weight / the head’s largest)',
      columns,
      rows,
      CELL,
      legend,
    ),
  );
}
