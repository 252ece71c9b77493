/**
 * The inference pool on a browser compute page (WebGPU): one device, so one job at a time in the
 * page's order; a model folder is read here and sent to the page once. Cancelling drops a job's
 * result (a job the page has started runs to its end there).
 */
import { ApiError } from '../../api/errors.js';
import { loadModelDir } from '../../model-files.js';
import type { ModelRef } from '../../util/task.js';
import type { InferencePool } from '../pool.js';
import type { ModelSummary, TileJob, TileResult } from '../protocol.js';
import type { PageChannel } from './page-channel.js';

const cancelled = (): ApiError => new ApiError('CANCELLED', 'the job was cancelled');

class PagePool implements InferencePool {
  readonly workers = 1;
  private readonly loaded = new Map<string, Promise<ModelSummary>>();
  private disposed = false;

  constructor(private readonly channel: PageChannel) {}

  describe(model: ModelRef): Promise<ModelSummary> {
    let summary = this.loaded.get(model.dir);
    if (!summary) {
      summary = this.send(model.dir);
      this.loaded.set(model.dir, summary);
      summary.catch(() => this.loaded.delete(model.dir));
    }
    return summary;
  }

  async evaluate(model: ModelRef, job: TileJob, signal?: AbortSignal): Promise<TileResult[]> {
    if (this.disposed) throw new ApiError('INTERNAL', 'the inference pool is closed');
    if (signal?.aborted) throw cancelled();
    await this.describe(model);
    const results = await this.channel.request({ type: 'evaluate', modelKey: model.dir, job });
    if (signal?.aborted) throw cancelled();
    return results;
  }

  async warm(model: ModelRef, job: TileJob): Promise<void> {
    await this.evaluate(model, job);
  }

  async tensorCounts(): Promise<number[]> {
    return [await this.channel.request({ type: 'tensors' })];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private async send(dir: string): Promise<ModelSummary> {
    const { manifest, weights } = await loadModelDir(dir);
    return this.channel.request({ type: 'load', modelKey: dir, manifest, weights });
  }
}

export function createPagePool(channel: PageChannel): InferencePool {
  return new PagePool(channel);
}
