/**
 * A soak of one engine: many jobs in a row (upscales and completions, every other pair cancelled
 * while running), each followed by a count of the live tfjs tensors in the engine and in its inference
 * threads (beyond the loaded models' weights) and by the process's resident memory. The counts after
 * the first round (one job of each kind) are the baseline every later job must return to.
 */
import type { ApiEvent, ImageInfo, JobEndEvent, JobOutput, JobStarted } from '../../app/api/contract.js';
import type { Engine } from '../../app/engine/engine.js';

export type SoakJobKind = 'upscale' | 'inpaint' | 'upscale, cancelled' | 'inpaint, cancelled';
const ROUND: readonly SoakJobKind[] = ['upscale', 'inpaint', 'upscale, cancelled', 'inpaint, cancelled'];

export interface TensorCounts {
  engine: number;
  threads: number[];
}

export interface SoakJob {
  index: number;
  kind: SoakJobKind;
  outcome: 'result' | 'cancelled' | 'error';
  /** The error's message when the outcome is `error`. */
  error?: string;
  seconds: number;
  tensors: TensorCounts;
  rssMb: number;
}

export interface SoakReport {
  jobs: SoakJob[];
  /** Tensor counts after the first round, which every later job must return to. */
  baseline: TensorCounts;
  /** Jobs after the first round whose counts differ from the baseline. */
  leakingJobs: number[];
  failedJobs: number[];
  rssMb: { afterFirstRound: number; last: number; max: number; growth: number };
  /** Least-squares slope of RSS over the jobs after the first round, in MB per 100 jobs. */
  rssSlopeMbPer100Jobs: number;
  /** RSS after every `window` jobs (100 in the bench) and its growth over each window. */
  rssByWindow: RssWindow[];
  /** The largest growth over one window after the first, in MB; null with fewer than two windows. */
  maxGrowthAfterFirstWindowMb: number | null;
}

export interface RssWindow {
  /** Jobs run when RSS was read. */
  afterJobs: number;
  rssMb: number;
  /** Growth since the end of the window before (since the first job for the first window). */
  growthMb: number;
}

export interface SoakOptions {
  engine: Engine;
  /** An open photo of at least 24×24 pixels. */
  photo: ImageInfo;
  jobs: number;
  /** Jobs between two RSS readings of the report's `rssByWindow` (default 100). */
  window?: number;
  upscaleFactor?: number;
  onJob?: (job: SoakJob) => void;
}

const sameCounts = (a: TensorCounts, b: TensorCounts): boolean =>
  a.engine === b.engine &&
  a.threads.length === b.threads.length &&
  a.threads.every((n, i) => n === b.threads[i]);

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { engine, photo } = options;
  const jobs: SoakJob[] = [];
  for (let index = 0; index < options.jobs; index++) {
    const kind = ROUND[index % ROUND.length]!;
    const started = performance.now();
    const end = await runJob(engine, photo, kind, options.upscaleFactor ?? 2);
    const seconds = (performance.now() - started) / 1000;
    if (end.type === 'result') await closeResults(engine, end.output);
    const job: SoakJob = {
      index,
      kind,
      outcome: end.type === 'result' ? 'result' : end.error.code === 'CANCELLED' ? 'cancelled' : 'error',
      ...(end.type === 'error' && end.error.code !== 'CANCELLED' ? { error: end.error.message } : {}),
      seconds,
      tensors: await engine.liveTensors(),
      rssMb: process.memoryUsage().rss / 2 ** 20,
    };
    jobs.push(job);
    options.onJob?.(job);
  }
  return summarise(jobs, Math.min(ROUND.length, jobs.length), options.window ?? 100);
}

export function summarise(jobs: SoakJob[], firstRound: number, window: number): SoakReport {
  const baselineJob = jobs[firstRound - 1];
  if (!baselineJob) throw new Error('a soak needs at least one job');
  const later = jobs.slice(firstRound);
  const rss = jobs.map((j) => j.rssMb);
  return {
    jobs,
    baseline: baselineJob.tensors,
    leakingJobs: later.filter((j) => !sameCounts(j.tensors, baselineJob.tensors)).map((j) => j.index),
    failedJobs: jobs.filter((j) => j.outcome === 'error').map((j) => j.index),
    rssMb: {
      afterFirstRound: baselineJob.rssMb,
      last: rss[rss.length - 1]!,
      max: Math.max(...rss),
      growth: rss[rss.length - 1]! - baselineJob.rssMb,
    },
    rssSlopeMbPer100Jobs: 100 * slope(later.map((j) => [j.index, j.rssMb])),
    ...rssWindows(rss, window),
  };
}

function rssWindows(
  rss: number[],
  window: number,
): Pick<SoakReport, 'rssByWindow' | 'maxGrowthAfterFirstWindowMb'> {
  const rssByWindow: RssWindow[] = [];
  for (let afterJobs = window; afterJobs <= rss.length; afterJobs += window) {
    const before = rssByWindow.at(-1)?.rssMb ?? rss[0]!;
    rssByWindow.push({ afterJobs, rssMb: rss[afterJobs - 1]!, growthMb: rss[afterJobs - 1]! - before });
  }
  const afterFirst = rssByWindow.slice(1).map((w) => w.growthMb);
  return {
    rssByWindow,
    maxGrowthAfterFirstWindowMb: afterFirst.length > 0 ? Math.max(...afterFirst) : null,
  };
}

function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/** Submits one job and resolves with its final event; a `cancelled` kind is cancelled at its first progress. */
async function runJob(
  engine: Engine,
  photo: ImageInfo,
  kind: SoakJobKind,
  upscaleFactor: number,
): Promise<JobEndEvent> {
  let jobId: string | undefined;
  const early: ApiEvent[] = [];
  let settle: (end: JobEndEvent) => void = () => undefined;
  const ended = new Promise<JobEndEvent>((resolve) => (settle = resolve));
  const handle = (event: ApiEvent): void => {
    if (event.type === 'engine') return;
    const id = event.type === 'progress' ? event.progress.jobId : event.jobId;
    if (id !== jobId) return;
    if (event.type !== 'progress') settle(event);
    else if (kind.endsWith('cancelled') && !['queued', 'started'].includes(event.progress.message))
      void engine.call('cancel', { jobId: id });
  };
  const stop = engine.onEvent((event) => (jobId === undefined ? early.push(event) : handle(event)));
  try {
    const started = (await engine.call(
      kind.startsWith('upscale') ? 'upscale' : 'inpaint',
      kind.startsWith('upscale')
        ? { imageId: photo.id, size: { kind: 'scale', scale: upscaleFactor } }
        : { imageId: photo.id, samples: 2, seed: 1, mask: centreBox(photo) },
    )) as JobStarted;
    jobId = started.jobId;
    for (const event of early.splice(0)) handle(event);
    return await ended;
  } finally {
    stop();
  }
}

/** A box over the middle ninth of the photo. */
function centreBox(photo: ImageInfo) {
  const [w, h] = [photo.width / 3, photo.height / 3];
  return { kind: 'shapes', shapes: [{ kind: 'rect', x: w, y: h, width: w, height: h }] } as const;
}

/** Closes the images a job registered, as the app does with results no longer shown. */
async function closeResults(engine: Engine, output: JobOutput): Promise<void> {
  const ids =
    output.kind === 'upscale'
      ? [output.image.id]
      : output.kind === 'inpaint'
        ? [...output.samples, output.mean, output.uncertainty].map((image) => image.id)
        : [];
  for (const id of ids) await engine.call('closeImage', { id });
}
