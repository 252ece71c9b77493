/** The image experiments' results as written to research/results/*.json, and the README tables made from them. */
import type { EvalResult, LossOptions, NPConfig } from '../../models/index.js';
import type { Schedule } from '../../app/training/schedule.js';
import type { TrainRun } from './train-loop.js';
import type { BudgetPlan } from './wall-budget.js';

interface ModelTraining {
  name: string;
  config: NPConfig;
  parameters: number;
  budget: BudgetPlan;
  learningRate: Schedule;
  training: TrainRun;
}

export interface DigitCompletionScore {
  context: string;
  pixels: number;
  /** Share of completions the classifier reads as the true digit. */
  accuracy: number;
  psnr: number;
}

/** What both experiments' results record beside their scores. */
interface ImageResults {
  description: string;
  command: string;
  options: object;
  task: object;
  minStd: number;
  loss: LossOptions;
  machine: object;
  evaluation: object;
}

export interface MnistResults extends ImageResults {
  experiment: 'mnist';
  classifier: { trainSeconds: number | null; trueTestAccuracy: number; testDigits: number } & object;
  models: (ModelTraining & { testNll: EvalResult; completions: DigitCompletionScore[] })[];
}

export interface CropCompletionScore {
  context: string;
  pixels: number;
  psnr: number;
  /** NLL per pixel (3 channels summed), nats. */
  nll: number;
}

export interface PhotoCropsResults extends ImageResults {
  experiment: 'photo-crops';
  data: object;
  models: (ModelTraining & { completions: CropCompletionScore[] })[];
}

const trainingCells = (m: ModelTraining) =>
  `${m.parameters.toLocaleString('en')} | ${m.training.steps} | ${m.training.wallSeconds.toFixed(0)} s`;

function header(first: string[], contexts: string[]): string {
  const cells = [...first, ...contexts];
  return `| ${cells.join(' | ')} |\n|${cells.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`;
}

export function mnistTable(r: MnistResults): string {
  const contexts = r.models[0]!.completions.map((c) => `acc. ${c.context}`);
  const rows = r.models.map(
    (m) =>
      `| ${m.name} | ${trainingCells(m)} | ${m.testNll.contextNll.toFixed(3)} / ${m.testNll.targetNll.toFixed(3)} | ${m.completions.map((c) => `${(100 * c.accuracy).toFixed(1)} %`).join(' | ')} |`,
  );
  const truth = `| classifier on the true digits | | | | | ${(100 * r.classifier.trueTestAccuracy).toFixed(1)} % (all ${r.classifier.testDigits}) | | | |`;
  return [
    header(['model', 'parameters', 'steps', 'wall time', 'test NLL ctx / target'], contexts),
    ...rows,
    truth,
  ].join('\n');
}

export function photoCropsTable(r: PhotoCropsResults): string {
  const contexts = r.models[0]!.completions.map((c) => c.context);
  const rows = r.models.map(
    (m) =>
      `| ${m.name} | ${trainingCells(m)} | ${m.completions.map((c) => `${c.psnr.toFixed(2)} dB / ${c.nll.toFixed(2)}`).join(' | ')} |`,
  );
  return [
    header(
      ['model', 'parameters', 'steps', 'wall time'],
      contexts.map((c) => `${c}: PSNR / NLL`),
    ),
    ...rows,
  ].join('\n');
}
