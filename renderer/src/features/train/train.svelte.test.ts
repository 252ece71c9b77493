import { describe, expect, it } from 'vitest';
import type { AnpApi, ApiEvent, FineTunePaused, FolderScan } from '../../../../app/api/contract.js';
import { EngineStore } from '../../lib/stores/engine.svelte.js';
import { JobsStore } from '../../lib/stores/jobs.svelte.js';
import { TrainStore } from './train.svelte.js';

/** An engine stand-in: answers scanFolder, and lets the test send events. */
function fakeEngine(scan: FolderScan) {
  const listeners: ((event: ApiEvent) => void)[] = [];
  const api = {
    call: (method: string) =>
      method === 'scanFolder' ? Promise.resolve(scan) : Promise.reject(new Error(`unexpected ${method}`)),
    onEvent: (listener: (event: ApiEvent) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
  } as unknown as AnpApi;
  return { api, send: (event: ApiEvent) => listeners.forEach((l) => l(event)) };
}

const progress = (jobId: string, done: number, loss?: number): ApiEvent => ({
  type: 'progress',
  progress: {
    jobId,
    kind: 'fineTune',
    fraction: done / 10,
    done,
    total: 10,
    etaSeconds: 5,
    message: 'training',
    ...(loss === undefined ? {} : { metrics: { loss } }),
  },
});

describe('TrainStore', () => {
  it('collects the running job’s loss per step for the chart, ignoring other jobs', () => {
    const { api, send } = fakeEngine({ folder: '/p', usable: [], skipped: [], problem: null });
    const train = new TrainStore(api, new JobsStore(api), new EngineStore(api));
    train.jobId = 'job_abcdef1';
    send(progress('job_abcdef1', 1, 0.9));
    send(progress('job_other12', 2, 5));
    send(progress('job_abcdef1', 2));
    send(progress('job_abcdef1', 3, 0.7));
    expect(train.losses).toEqual([
      { step: 1, loss: 0.9 },
      { step: 3, loss: 0.7 },
    ]);
  });

  it('keeps the scan of the folder shown and stops on its problem', async () => {
    const scan = { folder: '/p', usable: [], skipped: [], problem: 'needs two photos' };
    const { api } = fakeEngine(scan);
    const train = new TrainStore(api, new JobsStore(api), new EngineStore(api));
    train.folder = '/p';
    await train.scanFolder();
    expect(train.scan).toEqual(scan);
    train.folder = '/q';
    expect(train.problem).not.toBe('needs two photos');
  });

  it('resumes the paused run with its own name, source and steps; the chart goes on', async () => {
    const started: unknown[] = [];
    const listeners: ((event: ApiEvent) => void)[] = [];
    const api = {
      call: async (method: string, args: unknown) => {
        if (method !== 'fineTune') throw new Error(`unexpected ${method}`);
        started.push(args);
        const paused: FineTunePaused = {
          kind: 'fineTunePaused',
          name: 'mine',
          fromModel: 'photo',
          step: 5,
          steps: 10,
        };
        setTimeout(() =>
          listeners.forEach((l) => l({ type: 'result', jobId: 'job_resumed1', output: paused })),
        );
        return { jobId: 'job_resumed1' };
      },
      onEvent: (listener: (event: ApiEvent) => void) => {
        listeners.push(listener);
        return () => undefined;
      },
    } as unknown as AnpApi;
    const train = new TrainStore(api, new JobsStore(api), new EngineStore(api));
    train.folder = '/p';
    train.name = 'edited-since';
    train.losses = [{ step: 2, loss: 0.8 }];
    train.paused = { kind: 'fineTunePaused', name: 'mine', fromModel: 'photo', step: 2, steps: 10 };
    await train.resume();
    expect(started).toEqual([{ folder: '/p', fromModel: 'photo', name: 'mine', steps: 10, resume: true }]);
    expect([train.losses.length, train.paused?.step, train.running]).toEqual([1, 5, false]);
  });

  it('finds a run paused before a reload and resumes it on the photos it began with', async () => {
    const paused: FineTunePaused = {
      kind: 'fineTunePaused',
      name: 'mine',
      fromModel: 'photo',
      step: 4,
      steps: 10,
    };
    const calls: [string, unknown][] = [];
    const api = {
      call: async (method: string, args: unknown) => {
        calls.push([method, args]);
        if (method === 'pausedFineTunes') return [paused];
        throw new Error(`the engine is gone (${method})`);
      },
      onEvent: () => () => undefined,
    } as unknown as AnpApi;
    const train = new TrainStore(api, new JobsStore(api), new EngineStore(api));
    await train.rediscover();
    expect(train.paused).toEqual(paused);
    await expect(train.resume()).rejects.toThrow('the engine is gone');
    expect(calls.at(-1)).toEqual(['fineTune', { fromModel: 'photo', name: 'mine', steps: 10, resume: true }]);
  });
});
