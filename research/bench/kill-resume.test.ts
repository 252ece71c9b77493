/**
 * The SIGKILL/resume trials (`anp bench kill-resume` runs 20): the log check on logs that break its
 * rules, and two real trials.
 */
import { describe, expect, it } from 'vitest';
import { checkProgressLog, runKillResumeTrials } from './kill-resume.js';

const lines = (...records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('SIGKILL/resume trials', () => {
  it('accepts a log that repeats steps only after a resume line', () => {
    const log = lines({ step: 1 }, { step: 2 }, { step: 3 }, { event: 'resumed', step: 2 }, { step: 3 });
    expect(checkProgressLog(log)).toEqual({ problems: [], lastStep: 3, resumes: [2] });
  });

  it('finds a repeated step without a resume line, a resume from an unlogged step, a torn line', () => {
    expect(checkProgressLog(lines({ step: 1 }, { step: 2 }, { step: 2 })).problems).toEqual([
      'line 3 logs step 2 where step 3 was next',
    ]);
    expect(checkProgressLog(lines({ step: 1 }, { event: 'resumed', step: 4 }, { step: 5 })).problems).toEqual(
      ['line 2 resumes from step 4, never logged'],
    );
    expect(checkProgressLog(`${lines({ step: 1 })}{"step":`).problems).toEqual([
      'the last line is not complete',
    ]);
  });

  it('kills training twice and resumes it to the same weights as a run never killed', async () => {
    const report = await runKillResumeTrials({ trials: 2, seed: 3 });
    expect(report.trials.flatMap((t) => t.problems)).toEqual([]);
    expect(report.trials.every((t) => t.checkpointStep >= 1)).toBe(true);
    expect(report.finished).toEqual({
      sameAsUninterrupted: true,
      lastLoggedStep: report.steps,
      resumes: 2,
      problems: [],
    });
  });
});
