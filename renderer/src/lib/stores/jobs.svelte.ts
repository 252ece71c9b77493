import type {
  AnpApi,
  ApiEvent,
  JobKind,
  JobOutput,
  JobProgress,
  JobStarted,
} from '../../../../app/api/contract.js';
import { toEngineError } from '../api/errors.js';
import { JobMailbox, type Settled } from './job-mailbox.js';

export type JobStatus = 'running' | 'done' | 'paused' | 'failed' | 'cancelled';

export interface JobState {
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  progress: JobProgress | null;
  /** The model the job runs, as the engine said when it started it. */
  modelId?: string;
}

/** The engine's jobs as the UI shows them, kept up to date from the event stream. */
export class JobsStore {
  jobs = $state<JobState[]>([]);
  running = $derived(this.jobs.filter((j) => j.status === 'running'));
  #api: AnpApi;
  #mailbox = new JobMailbox();

  constructor(api: AnpApi) {
    this.#api = api;
    api.onEvent((event) => this.handle(event));
  }

  /** Starts a job and resolves with its output (rejects with the job's error, CANCELLED included). */
  async run(kind: JobKind, start: () => Promise<JobStarted>): Promise<JobOutput> {
    const { jobId, modelId } = await start();
    const progress = this.#mailbox.takeProgress(jobId);
    this.jobs.push({ jobId, kind, status: 'running', progress, ...(modelId ? { modelId } : {}) });
    const settled = await this.#mailbox.wait(jobId);
    this.#update(jobId, { status: settledStatus(settled) });
    if (settled.type === 'error') throw settled.error;
    return settled.output;
  }

  async cancel(jobId: string): Promise<void> {
    await this.#api.call('cancel', { jobId });
  }

  find(jobId: string): JobState | undefined {
    return this.jobs.find((j) => j.jobId === jobId);
  }

  handle(event: ApiEvent): void {
    if (event.type === 'progress') {
      const { progress } = event;
      const job = this.find(progress.jobId);
      // Steps without metrics (e.g. the final evaluation) keep showing the last loss and speed.
      if (job)
        this.#update(job.jobId, {
          progress: { ...progress, metrics: progress.metrics ?? job.progress?.metrics },
        });
      else this.#mailbox.holdProgress(progress);
    } else if (event.type === 'result') {
      this.#mailbox.settle(event.jobId, { type: 'result', output: event.output });
    } else if (event.type === 'error') {
      this.#mailbox.settle(event.jobId, {
        type: 'error',
        error: toEngineError(event.error, 'the job failed'),
      });
    }
  }

  #update(jobId: string, patch: Partial<JobState>): void {
    const index = this.jobs.findIndex((j) => j.jobId === jobId);
    const job = this.jobs[index];
    if (job) this.jobs[index] = { ...job, ...patch };
  }
}

function settledStatus(settled: Settled): JobStatus {
  if (settled.type === 'result') return settled.output.kind === 'fineTunePaused' ? 'paused' : 'done';
  return settled.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
}
