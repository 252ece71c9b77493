import { describe, expect, it } from 'vitest';
import { startTsWorker } from './ts-worker.js';

describe('startTsWorker', () => {
  it('runs a TypeScript worker entry and receives its message', async () => {
    const worker = startTsWorker(new URL('../../tests/fixtures/echo-worker.ts', import.meta.url));
    const message = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(message).toBe(42);
    await worker.terminate();
  });
});
