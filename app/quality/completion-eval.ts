/**
 * The completion half of the image evaluation: on photos, free-form strokes and square boxes
 * (masks.ts, seeded by each photo's name); on the synthetic structure set (structure-set.ts), its
 * 48×48 holes across straight edges and lines. Every case is scored as completion-case.ts does.
 */
import { basename } from 'node:path';
import type { TaskProgress } from '../util/task.js';
import {
  type CompletionRun,
  type CompletionScores,
  scoreCompletionCase,
  summariseCases,
} from './completion-case.js';
import { loadCrop } from './crops.js';
import { evaluationHoles } from './masks.js';
import { STRUCTURE_CASES, structureSet } from './structure-set.js';

export interface CompletionMetrics {
  strokes: CompletionScores;
  boxes: CompletionScores;
  boxSide: number;
  /** The structure set's average, where it was scored. */
  structure?: CompletionScores;
  structureCases?: number;
}

export interface CompletionEvaluation extends CompletionRun {
  files: string[];
  /** Side of each photo's square centre crop. */
  size: number;
  /** Side of the box holes. */
  box: number;
  /** Score the structure set too, its first `structureCases` cases (default all). */
  structure?: boolean;
  structureCases?: number;
  onProgress?: (progress: TaskProgress) => void;
}

export async function evaluateStructureCompletion(
  run: CompletionRun,
  count = STRUCTURE_CASES,
): Promise<CompletionScores> {
  const cases: CompletionScores[] = [];
  for (const c of structureSet(count)) cases.push(await scoreCompletionCase(run, c.truth, c.size, c.hole));
  return summariseCases(cases);
}

export async function evaluateCompletion(evaluation: CompletionEvaluation): Promise<CompletionMetrics> {
  const { files, size, box } = evaluation;
  const strokes: CompletionScores[] = [];
  const boxes: CompletionScores[] = [];
  for (const [index, file] of files.entries()) {
    evaluation.onProgress?.({ done: index, total: files.length, message: `completing ${basename(file)}` });
    const truth = await loadCrop(file, size);
    const holes = evaluationHoles(file, size, box);
    strokes.push(await scoreCompletionCase(evaluation, truth, size, holes.strokes));
    boxes.push(await scoreCompletionCase(evaluation, truth, size, holes.boxes));
  }
  const count = evaluation.structureCases ?? STRUCTURE_CASES;
  if (evaluation.structure) evaluation.onProgress?.({ done: 0, total: count, message: 'the structure set' });
  return {
    strokes: summariseCases(strokes),
    boxes: summariseCases(boxes),
    boxSide: box,
    ...(evaluation.structure
      ? { structure: await evaluateStructureCompletion(evaluation, count), structureCases: count }
      : {}),
  };
}
