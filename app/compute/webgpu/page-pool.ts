/**
 * The inference pool on a browser compute page (WebGPU): one device, so one job at a time in the
 * page's order; a model folder is read here and sent to the page once. A page that lost its state
 * (a reloaded tab) is started again and sent the model again, once per job. Cancelling drops a job's
 * result (a job the page has started runs to its end there).
 */
import { ApiError } from '../../api/errors.js';
import { loadModelDir } from '../../model-files.js';
import type { ModelRef } from '../../util/task.js';
import type { InferencePool } from '../pool.js';
import type {
  GridJob,
  GridResult,
  ModelSummary,
  SuperResJob,
  SuperResResult,
  TileJob,
  TileResult,
} from '../protocol.js';
import type { PageBackendChoice } from './page-backend.js';
import type { PageChannel } from './page-channel.js';
import { PAGE_NOT_READY } from './page-protocol.js';

const cancelled = (): ApiError => new ApiError('CANCELLED', 'the job was cancelled');

const lostState = (err: unknown): boolean => err instanceof Error && err.message.startsWith(PAGE_NOT_READY);

class PagePool implements InferencePool {
  readonly workers = 1;
  private readonly loaded = new Map<string, Promise<ModelSummary>>();
  private readonly ran = new Set<string>();
  private disposed = false;

  constructor(
    private readonly channel: PageChannel,
    private readonly choice: PageBackendChoice,
  ) {}

  describe(model: ModelRef): Promise<ModelSummary> {
    let summary = this.loaded.get(model.dir);
    if (!summary) {
      summary = this.send(model.dir);
      this.loaded.set(model.dir, summary);
      summary.catch(() => this.loaded.delete(model.dir));
    }
    return summary;
  }

  evaluate(model: ModelRef, job: TileJob, signal?: AbortSignal): Promise<TileResult[]> {
    return this.run(model, signal, () =>
      this.channel.request({ type: 'evaluate', modelKey: model.dir, job }),
    );
  }

  grid(model: ModelRef, job: GridJob, signal?: AbortSignal): Promise<GridResult> {
    return this.run(model, signal, () => this.channel.request({ type: 'grid', modelKey: model.dir, job }));
  }

  superres(model: ModelRef, job: SuperResJob, signal?: AbortSignal): Promise<SuperResResult> {
    return this.run(model, signal, () =>
      this.channel.request({ type: 'superres', modelKey: model.dir, job }),
    );
  }

  async warm(model: ModelRef, job: TileJob): Promise<void> {
    if (!this.ran.has(model.dir)) await this.evaluate(model, job);
  }

  async tensorCounts(): Promise<number[]> {
    return [await this.channel.request({ type: 'tensors' })];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  /** Sends a job once the page has the model; a page that lost its state is started again once. */
  private async run<T>(
    model: ModelRef,
    signal: AbortSignal | undefined,
    request: () => Promise<T>,
  ): Promise<T> {
    if (this.disposed) throw new ApiError('INTERNAL', 'the inference pool is closed');
    if (signal?.aborted) throw cancelled();
    let result: T;
    try {
      await this.describe(model);
      result = await request();
    } catch (err) {
      if (!lostState(err)) throw err;
      await this.restart();
      await this.describe(model);
      result = await request();
    }
    this.ran.add(model.dir);
    if (signal?.aborted) throw cancelled();
    return result;
  }

  private async restart(): Promise<void> {
    this.loaded.clear();
    this.ran.clear();
    await this.channel.request({ type: 'start', choice: this.choice });
  }

  private async send(dir: string): Promise<ModelSummary> {
    const { manifest, weights } = await loadModelDir(dir);
    return this.channel.request({ type: 'load', modelKey: dir, manifest, weights });
  }
}

/** `choice`: how the page was started, to start it the same way again after it lost its state. */
export function createPagePool(channel: PageChannel, choice: PageBackendChoice): InferencePool {
  return new PagePool(channel, choice);
}
