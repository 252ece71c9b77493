/**
 * Runs long jobs one at a time (each one already uses every core through the inference pool),
 * turns task progress into `progress` events with an ETA, and ends every job with exactly one
 * `result` or `error` event. Cancelling aborts the job's signal, or drops it if still queued;
 * pausing a running pausable job aborts its pause signal, and the job ends with its own result.
 */
import type { ApiEvent, JobKind, JobOutput, JobProgress } from '../api/contract.js';
import { ApiError, toErrorShape } from '../api/errors.js';
import { NEVER_ABORTED, type TaskContext, type TaskProgress } from '../util/task.js';
import { EtaEstimator } from '../util/eta.js';
import { newId } from './ids.js';

export type JobRunner = (context: TaskContext) => Promise<JobOutput>;

interface Job {
  id: string;
  kind: JobKind;
  run: JobRunner;
  controller: AbortController;
  /** Absent for jobs that cannot pause. */
  pauser: AbortController | null;
  state: 'queued' | 'running';
}

/**
 * What is kept of a job once it has ended, for `cancel` and `pause` to answer: not its runner, whose
 * closure holds the call's arguments (a mask of up to 100 000 points) for as long as the engine runs.
 */
interface FinishedJob {
  id: string;
  kind: JobKind;
  pausable: boolean;
  state: 'finished';
}

export class JobQueue {
  private readonly jobs = new Map<string, Job | FinishedJob>();
  private tail: Promise<void> = Promise.resolve();
  /** Seconds per unit of work of the last job of each kind, for the next one's first estimate. */
  private readonly rates = new Map<JobKind, number>();

  constructor(
    private readonly emit: (event: ApiEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues a job and returns its id at once; its events follow. */
  submit(kind: JobKind, run: JobRunner, options: { pausable?: boolean } = {}): string {
    const job: Job = {
      id: newId('job'),
      kind,
      run,
      controller: new AbortController(),
      pauser: options.pausable ? new AbortController() : null,
      state: 'queued',
    };
    this.jobs.set(job.id, job);
    this.emitProgress(job, { done: 0, total: 1, message: 'queued' }, null);
    this.tail = this.tail.then(() => this.execute(job));
    return job.id;
  }

  /** True when the job was still queued or running; false when it had already finished. */
  cancel(jobId: string): boolean {
    const job = this.find(jobId);
    if (job.state === 'finished' || job.controller.signal.aborted) return false;
    job.controller.abort();
    return true;
  }

  /** True when the job is running and now asked to pause; false when it is queued or over. */
  pause(jobId: string): boolean {
    const job = this.find(jobId);
    const pausable = job.state === 'finished' ? job.pausable : job.pauser !== null;
    if (!pausable) throw new ApiError('INVALID_ARGUMENT', `a ${job.kind} job cannot be paused`);
    if (job.state !== 'running' || job.controller.signal.aborted || !job.pauser || job.pauser.signal.aborted)
      return false;
    job.pauser.abort();
    return true;
  }

  private find(jobId: string): Job | FinishedJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('NOT_FOUND', `no job has the id ${jobId}`);
    return job;
  }

  /** Cancels everything and waits until the queue has drained. */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) if (job.state !== 'finished') job.controller.abort();
    await this.idle();
  }

  /** Resolves once every job submitted so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }

  private async execute(job: Job): Promise<void> {
    const { signal } = job.controller;
    try {
      if (signal.aborted) throw cancelled();
      job.state = 'running';
      const eta = new EtaEstimator(this.now(), this.rates.get(job.kind) ?? null);
      let last = { done: 0, at: 0 };
      this.emitProgress(job, { done: 0, total: 1, message: 'started' }, null);
      const output = await job.run({
        signal,
        pause: job.pauser?.signal ?? NEVER_ABORTED,
        onProgress: (progress) => {
          if (signal.aborted) return;
          last = { done: progress.done, at: this.now() };
          const { done, total, unitSeconds } = progress;
          const estimate = eta.update(last.at, done, total, unitSeconds);
          this.emitProgress(
            job,
            progress,
            progress.etaSeconds !== undefined ? progress.etaSeconds : estimate,
          );
        },
      });
      const rate = eta.rate(last.at, last.done);
      if (rate !== null) this.rates.set(job.kind, rate);
      // A job that finished while being cancelled still counts as cancelled: the user asked so.
      if (signal.aborted) throw cancelled();
      this.finish(job);
      this.emit({ type: 'result', jobId: job.id, output });
    } catch (err) {
      this.finish(job);
      const error = signal.aborted ? cancelled().toShape() : toErrorShape(err);
      this.emit({ type: 'error', jobId: job.id, error });
    }
  }

  private finish(job: Job): void {
    this.jobs.set(job.id, { id: job.id, kind: job.kind, pausable: job.pauser !== null, state: 'finished' });
  }

  private emitProgress(job: Job, task: TaskProgress, etaSeconds: number | null): void {
    const fraction = task.total > 0 ? Math.min(1, Math.max(0, task.done / task.total)) : 0;
    const progress: JobProgress = {
      jobId: job.id,
      kind: job.kind,
      fraction,
      done: task.done,
      total: task.total,
      etaSeconds,
      message: task.message,
      ...(task.metrics ? { metrics: task.metrics } : {}),
    };
    this.emit({ type: 'progress', progress });
  }
}

function cancelled(): ApiError {
  return new ApiError('CANCELLED', 'the job was cancelled');
}
