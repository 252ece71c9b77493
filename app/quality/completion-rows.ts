/**
 * The completion scores as rows of a table — a label, a cell per column (strokes, boxes and, where
 * it was scored, the structure set), a target — with ✓/✗ on the cells a target applies to: one
 * definition for the bench's text table and the model card's markdown.
 */
import type { CompletionScores } from './completion-case.js';
import type { CompletionMetrics } from './completion-eval.js';

export type CompletionColumn = 'strokes' | 'boxes' | 'structure';

export interface CompletionRow {
  label: string;
  cells: string[];
  target: string;
}

/** A model scored beside the one the table is for, shown in a few rows of its own. */
export interface CompletionAblation {
  name: string;
  metrics: CompletionMetrics;
}

const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const dB = (v: number): string => `${fixed(v, 2)} dB`;
const signedDb = (v: number): string =>
  Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(2)} dB` : 'n/a';
const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : 'n/a');
const inRange = (v: number, low: number, high: number): boolean => v >= low && v <= high;

/**
 * The best of the classical fill, Telea and FSR_FAST. NaN without FSR: the mean's target counts only
 * against a table that has the FSR row.
 */
export const bestClassical = (s: CompletionScores): number =>
  Math.max(s.classicalPsnr, s.teleaPsnr, s.fsrPsnr);

const rankCell = (s: CompletionScores): string =>
  s.rankHistogram?.length ? `${s.rankHistogram.map((f) => Math.round(f * 100)).join('/')} %` : 'n/a';

const PHOTOS: CompletionColumn[] = ['strokes', 'boxes'];
const ALL: CompletionColumn[] = ['strokes', 'boxes', 'structure'];

interface RowSpec {
  label: string;
  cell: (s: CompletionScores) => string;
  target?: string;
  /** Where the target applies, and whether a column's scores meet it. */
  on?: CompletionColumn[];
  met?: (s: CompletionScores) => boolean;
}

const ROWS: RowSpec[] = [
  { label: 'PSNR of the mean', cell: (s) => dB(s.meanPsnr) },
  { label: 'classical fill (biharmonic/harmonic)', cell: (s) => dB(s.classicalPsnr) },
  { label: 'OpenCV Telea', cell: (s) => dB(s.teleaPsnr) },
  { label: 'OpenCV FSR_FAST', cell: (s) => dB(s.fsrPsnr) },
  { label: 'best classical (of the three)', cell: (s) => dB(bestClassical(s)) },
  {
    label: 'mean − best classical',
    cell: (s) => signedDb(s.meanPsnr - bestClassical(s)),
    target: '≥ 0, aim +0.5 dB (photos)',
    on: PHOTOS,
    met: (s) => s.meanPsnr >= bestClassical(s),
  },
  {
    label: 'mean − Telea',
    cell: (s) => signedDb(s.meanPsnr - s.teleaPsnr),
    target: '≥ +3 dB, aim +5 (structure)',
    on: ['structure'],
    met: (s) => s.meanPsnr - s.teleaPsnr >= 3,
  },
  { label: 'SSIM of the mean', cell: (s) => fixed(s.meanSsim, 3) },
  { label: 'SSIM, classical fill', cell: (s) => fixed(s.classicalSsim, 3) },
  { label: 'SSIM, Telea', cell: (s) => fixed(s.teleaSsim, 3) },
  { label: 'SSIM, FSR_FAST', cell: (s) => fixed(s.fsrSsim, 3) },
  {
    label: 'PSNR of a sample − of the mean',
    cell: (s) => signedDb(s.samplePsnr - s.meanPsnr),
    target: '≥ −3.5 dB',
    on: ALL,
    met: (s) => s.samplePsnr - s.meanPsnr >= -3.5,
  },
  { label: 'SSIM of a sample', cell: (s) => fixed(s.sampleSsim, 3) },
  {
    label: 'average of the 4 samples − a sample',
    cell: (s) => signedDb(s.sampleAveragePsnr - s.samplePsnr),
    target: '≥ +1.5 dB (exact draws: +2.0)',
    on: PHOTOS,
    met: (s) => s.sampleAveragePsnr - s.samplePsnr >= 1.5,
  },
  {
    label: "truth's rank among the 4 samples",
    cell: rankCell,
    target: 'each of the 5: 20 ± 5 %',
    on: PHOTOS,
    met: (s) => s.rankHistogram.every((f) => inRange(f, 0.15, 0.25)),
  },
  {
    label: 'two samples differ by (levels)',
    cell: (s) => fixed(s.diversity, 1),
    target: '≥ 6 (boxes)',
    on: ['boxes'],
    met: (s) => s.diversity >= 6,
  },
  {
    label: 'their 8×8-block averages differ by',
    cell: (s) => fixed(s.blockDiversity, 1),
    target: '≥ 5 (boxes)',
    on: ['boxes'],
    met: (s) => s.blockDiversity >= 5,
  },
  {
    label: 'gradient energy, sample ÷ truth',
    cell: (s) => fixed(s.textureRatio, 2),
    target: '0.7–1.3 (photos)',
    on: PHOTOS,
    met: (s) => inRange(s.textureRatio, 0.7, 1.3),
  },
  {
    label: 'erased pixels within ±1σ',
    cell: (s) => pct(s.within1Sigma),
    target: '60–76 % (photos)',
    on: PHOTOS,
    met: (s) => inRange(s.within1Sigma, 0.6, 0.76),
  },
  {
    label: 'erased pixels within ±2σ',
    cell: (s) => pct(s.within2Sigma),
    target: '90–98 % (photos)',
    on: PHOTOS,
    met: (s) => inRange(s.within2Sigma, 0.9, 0.98),
  },
  {
    label: 'Spearman(σ, error of the mean)',
    cell: (s) => fixed(s.spearmanSigmaError, 2),
    target: '≥ 0.3 (photos)',
    on: PHOTOS,
    met: (s) => s.spearmanSigmaError >= 0.3,
  },
  { label: 'Spearman(depth, error of the mean)', cell: (s) => fixed(s.spearmanDistanceError, 2) },
  {
    label: 'Spearman(σ, depth)',
    cell: (s) => fixed(s.spearmanSigmaDistance, 2),
    target: '> 0 (boxes)',
    on: ['boxes'],
    met: (s) => s.spearmanSigmaDistance > 0,
  },
  { label: 'seconds per completion (k = 4)', cell: (s) => fixed(s.seconds, 1) },
];

/** The ablation's rows: its fidelity beside this model's, no targets. */
const ABLATION_ROWS = ['PSNR of the mean', 'mean − best classical', 'SSIM of the mean'];

/** The table's columns: strokes and boxes, then the structure set where it was scored. */
export function completionColumns(m: CompletionMetrics): { key: CompletionColumn; heading: string }[] {
  return [
    { key: 'strokes' as const, heading: 'free-form strokes' },
    { key: 'boxes' as const, heading: `${m.boxSide}×${m.boxSide} boxes` },
    ...(m.structure ? [{ key: 'structure' as const, heading: 'structure set (48×48)' }] : []),
  ];
}

function cellOf(spec: RowSpec, m: CompletionMetrics, column: CompletionColumn): string {
  const scores = m[column];
  if (!scores) return '—';
  const text = spec.cell(scores);
  if (!spec.met || !spec.on?.includes(column) || text === 'n/a') return text;
  return `${text} ${spec.met(scores) ? '✓' : '✗'}`;
}

export function completionRows(m: CompletionMetrics, ablation?: CompletionAblation): CompletionRow[] {
  const columns = completionColumns(m).map((c) => c.key);
  const rows = ROWS.map((spec) => ({
    label: spec.label,
    cells: columns.map((column) => cellOf(spec, m, column)),
    target: spec.target ?? '',
  }));
  if (!ablation) return rows;
  const ablationRows = ROWS.filter((spec) => ABLATION_ROWS.includes(spec.label)).map((spec) => ({
    label: `ablation ${ablation.name}: ${spec.label}`,
    cells: columns.map((column) => cellOf({ label: spec.label, cell: spec.cell }, ablation.metrics, column)),
    target: '',
  }));
  return [...rows, ...ablationRows];
}

/** The rows as a markdown table. */
export function completionMarkdown(m: CompletionMetrics, ablation?: CompletionAblation): string[] {
  const headings = completionColumns(m).map((c) => c.heading);
  return [
    `| completion | ${headings.join(' | ')} | target |`,
    `| --- | ${headings.map(() => '---:').join(' | ')} | --- |`,
    ...completionRows(m, ablation).map((r) => `| ${r.label} | ${r.cells.join(' | ')} | ${r.target} |`),
  ];
}

/** The rows as fixed-width text, as the bench prints them. */
export function completionText(m: CompletionMetrics, ablation?: CompletionAblation): string[] {
  const width = 48;
  const headings = completionColumns(m).map((c) => c.heading);
  return [
    `${'completion (k = 4)'.padEnd(width)}${headings.map((h) => h.padStart(24)).join('')}  target`,
    ...completionRows(m, ablation).map(
      (r) => `${r.label.padEnd(width)}${r.cells.map((c) => c.padStart(24)).join('')}  ${r.target}`,
    ),
  ];
}
