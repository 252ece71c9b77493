/**
 * The completion scores as rows of a table (label, strokes, boxes, target) — one definition for the
 * bench's text table and the model card's markdown.
 */
import type { CompletionScores } from './evaluate.js';

export interface CompletionRow {
  label: string;
  strokes: string;
  boxes: string;
  target: string;
}

const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const dB = (v: number): string => `${fixed(v, 2)} dB`;
const signedDb = (v: number): string =>
  Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(2)} dB` : 'n/a';
const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : 'n/a');

const ROWS: [string, (s: CompletionScores) => string, string][] = [
  ['PSNR of the mean', (s) => dB(s.meanPsnr), '≥ classical fill, ≥ Telea + 1 dB'],
  ['classical fill alone (the base)', (s) => dB(s.classical), ''],
  ['OpenCV Telea', (s) => dB(s.telea), ''],
  ['PSNR of a sample − of the mean', (s) => signedDb(s.samplePsnr - s.meanPsnr), '≥ −3.5 dB'],
  ['two samples differ by (levels)', (s) => fixed(s.diversity, 1), '≥ 6 (boxes)'],
  ['their 8×8-block averages differ by', (s) => fixed(s.blockDiversity, 1), '≥ 5 (boxes)'],
  ['gradient energy, sample ÷ truth', (s) => fixed(s.textureRatio, 2), '0.7–1.3'],
  ['erased pixels within ±1σ', (s) => pct(s.within1Sigma), '60–76 %'],
  ['erased pixels within ±2σ', (s) => pct(s.within2Sigma), '90–98 %'],
  ['Spearman(σ, error of the mean)', (s) => fixed(s.spearmanSigmaError, 2), '> the next row'],
  ['Spearman(depth, error of the mean)', (s) => fixed(s.spearmanDistanceError, 2), ''],
  ['Spearman(σ, depth)', (s) => fixed(s.spearmanSigmaDistance, 2), '> 0 (boxes)'],
  ['seconds per completion (k = 4)', (s) => fixed(s.seconds, 1), ''],
];

export function completionRows(strokes: CompletionScores, boxes: CompletionScores): CompletionRow[] {
  return ROWS.map(([label, cell, target]) => ({ label, strokes: cell(strokes), boxes: cell(boxes), target }));
}
