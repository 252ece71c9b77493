/**
 * A pool of inference threads. Jobs queue in order and go to whichever thread is free, so the tiles
 * of one task run in parallel across cores; a cancelled task's queued jobs are dropped at once and
 * its promises reject, while a job already running finishes and its result is discarded.
 */
import type { Worker } from 'node:worker_threads';
import { ApiError } from '../api/errors.js';
import { startTsWorker } from '../util/ts-worker.js';
import type { ModelRef } from '../util/task.js';
import type {
  GridJob,
  GridResult,
  ModelSummary,
  SuperResJob,
  SuperResResult,
  TileJob,
  TileResult,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: Request;
  signal: AbortSignal | undefined;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
  id: number;
  /** Model folders this thread has evaluated tiles with. */
  ran: Set<string>;
}

export interface InferencePool {
  readonly workers: number;
  /** Evaluates one job of tiles on a free thread. */
  evaluate(model: ModelRef, job: TileJob, signal?: AbortSignal): Promise<TileResult[]>;
  /** Evaluates one window of a grid model on a free thread. */
  grid(model: ModelRef, job: GridJob, signal?: AbortSignal): Promise<GridResult>;
  /** Evaluates one tile of a grid super-resolution upscale on a free thread. */
  superres(model: ModelRef, job: SuperResJob, signal?: AbortSignal): Promise<SuperResResult>;
  /** The model's dimensions and training window (loads it on a thread if needed). */
  describe(model: ModelRef): Promise<ModelSummary>;
  /**
   * Runs `job` with the model on every thread that has not run the model yet: a thread's first
   * full-size model calls take 2–3× as long as later ones (loading, kernels, memory), so work timed
   * after this is the model's alone.
   */
  warm(model: ModelRef, job: TileJob): Promise<void>;
  /** Live tfjs tensors in each thread beyond its loaded models' weights (a leak check: 0 at rest). */
  tensorCounts(): Promise<number[]>;
  dispose(): Promise<void>;
}

/** Requests that run a model (and so warm a thread for it). */
const RUNS_MODEL = new Set<Request['type']>(['evaluate', 'grid', 'superres']);

const cancelled = (): ApiError => new ApiError('CANCELLED', 'the job was cancelled');
const closed = (): ApiError => new ApiError('CANCELLED', 'the inference pool was closed');

class WorkerPool implements InferencePool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private readonly watched = new Map<AbortSignal, { jobs: Set<Pending>; listener: () => void }>();
  private disposed = false;

  constructor(readonly workers: number) {
    this.slots = Array.from({ length: workers }, () => this.spawn());
  }

  evaluate(model: ModelRef, job: TileJob, signal?: AbortSignal): Promise<TileResult[]> {
    return this.submit({ type: 'evaluate', modelDir: model.dir, job }, signal) as Promise<TileResult[]>;
  }

  grid(model: ModelRef, job: GridJob, signal?: AbortSignal): Promise<GridResult> {
    return this.submit({ type: 'grid', modelDir: model.dir, job }, signal) as Promise<GridResult>;
  }

  superres(model: ModelRef, job: SuperResJob, signal?: AbortSignal): Promise<SuperResResult> {
    return this.submit({ type: 'superres', modelDir: model.dir, job }, signal) as Promise<SuperResResult>;
  }

  describe(model: ModelRef): Promise<ModelSummary> {
    return this.submit({ type: 'describe', modelDir: model.dir }) as Promise<ModelSummary>;
  }

  async warm(model: ModelRef, job: TileJob): Promise<void> {
    const cold = this.slots.filter((slot) => !slot.ran.has(model.dir));
    const request = { type: 'evaluate', modelDir: model.dir, job } as const;
    await Promise.all(cold.map((slot) => this.direct(slot, request)));
  }

  async tensorCounts(): Promise<number[]> {
    return Promise.all(this.slots.map((slot) => this.direct(slot, { type: 'tensors' }) as Promise<number>));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const inFlight = this.slots.flatMap((slot) => (slot.busy ? [slot.busy] : []));
    for (const pending of [...this.queue.splice(0), ...inFlight]) pending.reject(closed());
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startTsWorker(new URL('./inference.worker.ts', import.meta.url));
    const slot: Slot = { worker, busy: undefined, id: 0, ran: new Set() };
    worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
    worker.on('error', (err) => this.crashed(slot, err));
    worker.on('exit', (code) => {
      if (!this.disposed) this.crashed(slot, new Error(`inference thread exited with code ${code}`));
    });
    return slot;
  }

  private crashed(slot: Slot, err: Error): void {
    const pending = slot.busy;
    slot.busy = undefined;
    pending?.reject(new ApiError('INTERNAL', `an inference thread failed: ${err.message}`));
    if (this.disposed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) {
      void slot.worker.terminate();
      this.slots[index] = this.spawn();
      this.pump();
    }
  }

  private submit(request: Request, signal?: AbortSignal): Promise<unknown> {
    if (this.disposed) return Promise.reject(new ApiError('INTERNAL', 'the inference pool is closed'));
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        request,
        signal,
        resolve: (value) => (this.unwatch(pending), resolve(value)),
        reject: (err) => (this.unwatch(pending), reject(err)),
      };
      this.watch(pending);
      this.queue.push(pending);
      this.pump();
    });
  }

  /** One abort listener per signal, however many jobs share it. */
  private watch(pending: Pending): void {
    const { signal } = pending;
    if (!signal) return;
    let entry = this.watched.get(signal);
    if (!entry) {
      const jobs = new Set<Pending>();
      const listener = (): void => {
        for (const job of [...jobs]) {
          const queued = this.queue.indexOf(job);
          if (queued >= 0) this.queue.splice(queued, 1);
          job.reject(cancelled());
        }
      };
      signal.addEventListener('abort', listener, { once: true });
      entry = { jobs, listener };
      this.watched.set(signal, entry);
    }
    entry.jobs.add(pending);
  }

  private unwatch(pending: Pending): void {
    const { signal } = pending;
    const entry = signal && this.watched.get(signal);
    if (!entry) return;
    entry.jobs.delete(pending);
    if (entry.jobs.size === 0) {
      signal.removeEventListener('abort', entry.listener);
      this.watched.delete(signal);
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      this.send(slot, pending);
    }
  }

  private send(slot: Slot, pending: Pending): void {
    slot.busy = pending;
    slot.id = this.nextId++;
    slot.worker.postMessage({ ...pending.request, id: slot.id } as WorkerRequest);
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const pending = slot.busy;
    if (!pending || reply.id !== slot.id) return;
    slot.busy = undefined;
    const { request } = pending;
    if (reply.ok && 'modelDir' in request && RUNS_MODEL.has(request.type)) slot.ran.add(request.modelDir);
    if (pending.signal?.aborted) pending.reject(cancelled());
    else if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new ApiError(reply.error.code, reply.error.message));
    this.pump();
  }

  /** Sends to one particular thread once it is free (leak checks must reach every thread). */
  private direct(slot: Slot, request: Request): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { request, signal: undefined, resolve, reject };
      const trySend = (): void => {
        if (this.disposed) reject(closed());
        else if (slot.busy) setTimeout(trySend, 5);
        else this.send(slot, pending);
      };
      trySend();
    });
  }
}

export function createInferencePool(options: { workers: number }): InferencePool {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new ApiError('INVALID_ARGUMENT', `workers must be a whole number ≥ 1 (got ${options.workers})`);
  }
  return new WorkerPool(options.workers);
}
