import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.js';
import type { ModelSummary, TileJob, TileResult } from '../protocol.js';
import type { PageChannel, PageRequestBody } from './page-channel.js';
import { createPagePool } from './page-pool.js';
import { PAGE_NOT_READY } from './page-protocol.js';

const MODEL = {
  id: 'photo',
  dir: fileURLToPath(new URL('../../../models/pretrained/photo/', import.meta.url)),
};
const JOB: TileJob = { tiles: [], samples: 0, seed: 1 };
const SUMMARY = { window: 32 } as ModelSummary;

/** A page that keeps a started flag and its models, and can be reloaded (losing both). */
class FakePage implements PageChannel {
  started = false;
  models = new Set<string>();
  readonly log: string[] = [];

  async request<T extends PageRequestBody>(body: T): Promise<never> {
    this.log.push(body.type);
    const answer = (): unknown => {
      if (body.type === 'start') {
        this.started = true;
        return { backend: 'webgpu', device: 'fake' };
      }
      if (!this.started) throw new ApiError('INTERNAL', PAGE_NOT_READY);
      if (body.type === 'load') {
        this.models.add(body.modelKey);
        return SUMMARY;
      }
      if (body.type !== 'evaluate') return 0;
      if (!this.models.has(body.modelKey)) throw new ApiError('INTERNAL', `${PAGE_NOT_READY} (x)`);
      return [] as TileResult[];
    };
    return answer() as never;
  }

  reload(): void {
    this.started = false;
    this.models.clear();
  }
}

describe('the pool on a compute page', () => {
  it('sends a model once, and starts a page that lost its state again before retrying', async () => {
    const page = new FakePage();
    await page.request({ type: 'start', choice: { backend: 'webgpu', acceptSoftware: false } });
    const pool = createPagePool(page, { backend: 'webgpu', acceptSoftware: false });
    expect(await pool.describe(MODEL)).toBe(SUMMARY);
    await pool.evaluate(MODEL, JOB);
    await pool.evaluate(MODEL, JOB);
    expect(page.log).toEqual(['start', 'load', 'evaluate', 'evaluate']);
    page.reload();
    await expect(pool.evaluate(MODEL, JOB)).resolves.toEqual([]);
    expect(page.log.slice(4)).toEqual(['evaluate', 'start', 'load', 'evaluate']);
  });

  it('passes on other errors and refuses cancelled jobs', async () => {
    const pool = createPagePool(
      { request: () => Promise.reject(new ApiError('MODEL_ERROR', 'broken')) },
      { backend: 'webgpu', acceptSoftware: true },
    );
    await expect(pool.evaluate(MODEL, JOB)).rejects.toThrow('broken');
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.evaluate(MODEL, JOB, aborted.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
