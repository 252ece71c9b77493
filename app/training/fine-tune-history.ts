/**
 * A fine-tuning run's loss curve so far, read back from its progress log, so that a resumed run's
 * chart goes on from the steps before the pause (after a page reload too). A resume trains again from
 * its checkpoint: steps logged after the checkpoint it resumed from are dropped where the log says
 * 'resumed', and steps past the latest checkpoint (logged before a crash) are left out.
 */
import { readFile } from 'node:fs/promises';
import type { LossPoint } from '../api/contract.js';
import { progressLogPath } from './progress.js';

interface LogLine {
  event?: unknown;
  step?: unknown;
  loss?: unknown;
}

function parse(line: string): LogLine | null {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as LogLine) : null;
  } catch {
    return null;
  }
}

export async function lossHistory(workDir: string, upToStep: number): Promise<LossPoint[]> {
  const text = await readFile(progressLogPath(workDir), 'utf8').catch(() => '');
  const points: LossPoint[] = [];
  for (const line of text.split('\n')) {
    const { event, step, loss } = parse(line) ?? {};
    if (typeof step !== 'number') continue;
    if (event === 'resumed') {
      while ((points.at(-1)?.step ?? -1) > step) points.pop();
    } else if (event === undefined && typeof loss === 'number') {
      points.push({ step, loss });
    }
  }
  return points.filter((p) => p.step <= upToStep);
}
