/** The engine's handlers for the job queue and the engine process itself. */
import type { EngineContext, Handlers } from './handler-context.js';

export function jobHandlers({ jobs }: EngineContext): Pick<Handlers, 'cancel' | 'pause' | 'engineMemory'> {
  return {
    cancel: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    pause: async ({ jobId }) => ({ paused: jobs.pause(jobId) }),
    engineMemory: async () => {
      const { rss, heapUsed } = process.memoryUsage();
      return { rssBytes: rss, heapUsedBytes: heapUsed };
    },
  };
}
