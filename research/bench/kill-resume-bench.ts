/** `anp bench kill-resume`: SIGKILL/resume trials of training (app/bench/kill-resume.ts); results file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { machineInfo } from '../shared/machine.js';
import { resultsPath } from '../shared/results.js';
import { parseArgs } from '../../app/util/args.js';
import { runKillResumeTrials } from './kill-resume.js';
import type { BenchTarget } from './target.js';

const RESULTS = resultsPath('kill-resume.json');

export const killResumeBench: BenchTarget = {
  name: 'kill-resume',
  summary: 'SIGKILL a training run at random steps and resume it (--trials, default 20); checks every time',
  async run(argv) {
    const { options } = parseArgs(argv, {
      trials: { type: 'number', integer: true, min: 1, max: 1000 },
      seed: { type: 'number', integer: true, min: 0 },
      out: { type: 'string' },
    } as const);
    const out = options.out ?? RESULTS;
    const loadBefore = loadavg()[0]!;
    const started = performance.now();
    const report = await runKillResumeTrials({
      trials: options.trials ?? 20,
      seed: options.seed ?? 1,
      onTrial: (t) =>
        console.log(
          `trial ${t.trial}: killed after step ${t.killedAfterStep}, checkpoint at ${t.checkpointStep}, ` +
            `log at ${t.lastLoggedStep}${t.problems.length ? `; ${t.problems.join('; ')}` : ', consistent'}`,
        ),
    });
    const failed = report.trials.filter((t) => t.problems.length > 0).length;
    const result = {
      machine: { ...machineInfo(), loadAverage: { before: loadBefore, after: loadavg()[0]! } },
      seconds: (performance.now() - started) / 1000,
      trialsWithProblems: failed,
      ...report,
    };
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      JSON.stringify({ trials: report.trials.length, trialsWithProblems: failed, ...report.finished }),
    );
    console.log(`wrote ${out}`);
  },
};
