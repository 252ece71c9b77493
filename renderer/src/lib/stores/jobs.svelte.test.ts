import { describe, expect, it } from 'vitest';
import type { AnpApi, ApiEvent } from '../../../../app/api/contract.js';
import { JobsStore } from './jobs.svelte.js';
import { NoticeStore } from './notices.svelte.js';

/** An API whose events the test sends; calls are not used. */
function eventSource(): { api: AnpApi; send: (event: ApiEvent) => void } {
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    api: {
      call: () => Promise.reject(new Error('no calls in this test')),
      onEvent: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    },
    send: (event) => listeners.forEach((l) => l(event)),
  };
}

describe('a dead engine in the UI', () => {
  it('fails the running job with the engine’s reason; the engine event itself settles nothing', async () => {
    const { api, send } = eventSource();
    const jobs = new JobsStore(api);
    const run = jobs.run('upscale', async () => ({ jobId: 'job_running1' }));
    await Promise.resolve();
    const message =
      'The engine process stopped unexpectedly (killed); it was restarted and your open images are kept.';
    send({ type: 'engine', state: 'restarted', message });
    expect(jobs.find('job_running1')?.status).toBe('running');
    send({ type: 'error', jobId: 'job_running1', error: { code: 'INTERNAL', message } });
    await expect(run).rejects.toMatchObject({ code: 'INTERNAL', message });
    expect(jobs.find('job_running1')?.status).toBe('failed');
  });

  it('the notice says what happened', () => {
    const notices = new NoticeStore();
    notices.engine('The engine process stopped unexpectedly (killed); it was restarted.');
    expect(notices.current).toEqual({
      kind: 'error',
      code: 'ENGINE',
      message: 'The engine process stopped unexpectedly (killed); it was restarted.',
    });
  });
});
