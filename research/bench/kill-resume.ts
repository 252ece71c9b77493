/**
 * SIGKILL/resume trials of training: one run of the tiny model (app/training/fixtures/train-child.ts, a checkpoint
 * every step) is killed with SIGKILL at a random step, over and over, and resumed each time. After
 * every kill the latest checkpoint must load and be at most one step behind the log, never behind the
 * one before it, at most one half-written checkpoint may be left (the next save sweeps it), and
 * `progress.jsonl` must stay consistent; at the end the run's final weights and
 * optimiser state must equal, byte for byte, those of the same run never killed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../app/data/rng.js';
import { checkpointDir, loadLatestCheckpoint } from '../../app/training/checkpoint.js';
import { writeTinyPhotos } from '../../app/training/fixtures/tiny-training.js';

const CHILD = fileURLToPath(new URL('../../app/training/fixtures/train-child.ts', import.meta.url));

export interface KillTrial {
  trial: number;
  /** The step the child had printed when it was killed. */
  killedAfterStep: number;
  checkpointStep: number;
  lastLoggedStep: number;
  /** Half-written checkpoint folders a killed save left behind. */
  leftoverTemps: number;
  problems: string[];
}

export interface KillResumeReport {
  steps: number;
  trials: KillTrial[];
  finished: { sameAsUninterrupted: boolean; lastLoggedStep: number; resumes: number; problems: string[] };
}

export interface KillResumeOptions {
  trials: number;
  seed?: number;
  onTrial?: (trial: KillTrial) => void;
}

/** What a reader of `progress.jsonl` relies on, checked line by line; the problems found. */
export function checkProgressLog(text: string): { problems: string[]; lastStep: number; resumes: number[] } {
  const problems: string[] = [];
  const resumes: number[] = [];
  let lastStep = 0;
  let expected = 1;
  const lines = text.split('\n');
  if (lines.pop() !== '') problems.push('the last line is not complete');
  lines.forEach((line, i) => {
    let record: { step?: unknown; event?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      problems.push(`line ${i + 1} is not JSON: ${line.slice(0, 60)}`);
      return;
    }
    if (typeof record.step !== 'number') return void problems.push(`line ${i + 1} has no step`);
    if (record.event === 'resumed') {
      if (record.step > lastStep)
        problems.push(`line ${i + 1} resumes from step ${record.step}, never logged`);
      if (record.step < (resumes.at(-1) ?? 0))
        problems.push(`line ${i + 1} resumes from step ${record.step}, behind the last resume`);
      resumes.push(record.step);
      expected = record.step + 1;
      return;
    }
    if (record.step !== expected)
      problems.push(`line ${i + 1} logs step ${record.step} where step ${expected} was next`);
    lastStep = record.step;
    expected = record.step + 1;
  });
  return { problems, lastStep, resumes };
}

function startChild(photos: string, workDir: string, steps: number) {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, photos, workDir, String(steps)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Trains to the end; rejects if the child fails. */
function trainToEnd(photos: string, workDir: string, steps: number): Promise<void> {
  const child = startChild(photos, workDir, steps);
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`training exited with ${code}`))));
  });
}

/** Resumes training and SIGKILLs it once it has printed step `killAt` or later; the step printed. */
function trainUntilKilled(photos: string, workDir: string, steps: number, killAt: number): Promise<number> {
  const child = startChild(photos, workDir, steps);
  let printed = 0;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(printed) : reject(new Error(`training ended before step ${killAt}`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/step (\d+)/g)) printed = Math.max(printed, Number(m[1]));
      if (printed >= killAt) child.kill('SIGKILL');
    });
  });
}

async function leftoverTemps(workDir: string): Promise<number> {
  const entries = await readdir(checkpointDir(workDir)).catch(() => [] as string[]);
  return entries.filter((e) => e.endsWith('.tmp')).length;
}

/** The weights and optimiser state of the run's latest checkpoint, as saved. */
async function finalParams(workDir: string): Promise<Buffer> {
  const root = checkpointDir(workDir);
  const latest = (await readFile(join(root, 'LATEST'), 'utf8')).trim();
  return readFile(join(root, latest, 'params.bin'));
}

export async function runKillResumeTrials(options: KillResumeOptions): Promise<KillResumeReport> {
  const rng = new Rng(options.seed ?? 1);
  // Room for every kill to land 1–3 steps past the last checkpoint, and some steps after the last.
  const steps = options.trials * 4 + 6;
  const photos = await writeTinyPhotos();
  const straight = await mkdtemp(join(tmpdir(), 'anp-kill-straight-'));
  const killed = await mkdtemp(join(tmpdir(), 'anp-kill-resume-'));
  try {
    await trainToEnd(photos, straight, steps);
    const trials: KillTrial[] = [];
    let previous = 0;
    for (let trial = 1; trial <= options.trials; trial++) {
      // At least step 2, so that a checkpoint exists (step 1's is saved before step 2 is printed).
      const killAt = Math.max(2, previous + rng.int(1, 4));
      const killedAfterStep = await trainUntilKilled(photos, killed, steps, killAt);
      const problems: string[] = [];
      const checkpoint = await loadLatestCheckpoint(checkpointDir(killed)).catch((err: unknown) => {
        problems.push(`the checkpoint does not load: ${String(err)}`);
        return null;
      });
      const checkpointStep = checkpoint?.state.step ?? 0;
      const log = checkProgressLog(await readFile(join(killed, 'progress.jsonl'), 'utf8'));
      problems.push(...log.problems);
      if (checkpointStep < previous)
        problems.push(`the checkpoint went back from ${previous} to ${checkpointStep}`);
      if (checkpointStep < log.lastStep - 1 || checkpointStep > log.lastStep)
        problems.push(
          `the checkpoint (step ${checkpointStep}) is not within a step of the log (${log.lastStep})`,
        );
      // A kill during a save leaves its temporary folder until the next save sweeps it: one at most.
      const temps = await leftoverTemps(killed);
      if (temps > 1) problems.push(`${temps} half-written checkpoints are left`);
      const result: KillTrial = {
        trial,
        killedAfterStep,
        checkpointStep,
        lastLoggedStep: log.lastStep,
        leftoverTemps: temps,
        problems,
      };
      trials.push(result);
      options.onTrial?.(result);
      previous = checkpointStep;
    }
    await trainToEnd(photos, killed, steps);
    const log = checkProgressLog(await readFile(join(killed, 'progress.jsonl'), 'utf8'));
    const [a, b] = await Promise.all([finalParams(straight), finalParams(killed)]);
    return {
      steps,
      trials,
      finished: {
        sameAsUninterrupted: a.equals(b),
        lastLoggedStep: log.lastStep,
        resumes: log.resumes.length,
        problems:
          log.lastStep === steps ? log.problems : [...log.problems, `the log ends at ${log.lastStep}`],
      },
    };
  } finally {
    await Promise.all([photos, straight, killed].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
