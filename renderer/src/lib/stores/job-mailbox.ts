import type { JobOutput, JobProgress } from '../../../../app/api/contract.js';
import type { EngineError } from '../api/errors.js';

export type Settled = { type: 'result'; output: JobOutput } | { type: 'error'; error: EngineError };

/**
 * Pairs a job's final event with whoever waits for it. The engine may finish a job (or report progress)
 * before the call that started it has returned the job id, so events for unknown jobs are kept.
 */
export class JobMailbox {
  #settled = new Map<string, Settled>();
  #progress = new Map<string, JobProgress>();
  #waiters = new Map<string, (settled: Settled) => void>();

  /** Resolves with the job's result or error, whether it already arrived or is still to come. */
  wait(jobId: string): Promise<Settled> {
    return new Promise((resolve) => {
      const early = this.#settled.get(jobId);
      if (early) {
        this.#settled.delete(jobId);
        resolve(early);
      } else {
        this.#waiters.set(jobId, resolve);
      }
    });
  }

  settle(jobId: string, settled: Settled): void {
    const waiter = this.#waiters.get(jobId);
    if (waiter) {
      this.#waiters.delete(jobId);
      waiter(settled);
    } else {
      this.#settled.set(jobId, settled);
    }
  }

  /** Keeps the latest progress of a job nobody tracks yet. */
  holdProgress(progress: JobProgress): void {
    this.#progress.set(progress.jobId, progress);
  }

  takeProgress(jobId: string): JobProgress | null {
    const progress = this.#progress.get(jobId) ?? null;
    this.#progress.delete(jobId);
    return progress;
  }
}
