import { describe, expect, it, vi } from 'vitest';
import type {
  AnpApi,
  ApiEvent,
  FineTunePaused,
  FolderScan,
  JobProgress,
  ModelInfo,
} from '../../../../app/api/contract.js';
import { EngineStore } from '../../lib/stores/engine.svelte.js';
import { JobsStore } from '../../lib/stores/jobs.svelte.js';
import { TrainStore } from './train.svelte.js';

const JOB = 'job_resumed1';
const SCAN: FolderScan = { folder: '/p', usable: [], skipped: [], problem: null };

/** An engine stand-in: records calls, answers them from `answers`, and lets the test send events. */
function fakeEngine(answers: Record<string, unknown> = {}) {
  const listeners: ((event: ApiEvent) => void)[] = [];
  const calls: [string, unknown][] = [];
  const api = {
    call: async (method: string, args: unknown) => {
      calls.push([method, args]);
      if (method === 'fineTune') return { jobId: JOB };
      if (method in answers) return answers[method];
      throw new Error(`the engine is gone (${method})`);
    },
    onEvent: (listener: (event: ApiEvent) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
  } as unknown as AnpApi;
  const send = (event: ApiEvent) => listeners.forEach((l) => l(event));
  const models = new EngineStore(api);
  const train = new TrainStore(api, new JobsStore(api), models);
  return { answers, calls, send, models, train };
}

function progress(done: number, total: number, extra: Partial<JobProgress> = {}): ApiEvent {
  const p = { jobId: JOB, kind: 'fineTune' as const, fraction: done / total, done, total };
  return { type: 'progress', progress: { ...p, etaSeconds: null, message: 'training', ...extra } };
}

const paused = (step: number, losses = [{ step, loss: 0.5 }]): FineTunePaused => ({
  kind: 'fineTunePaused',
  name: 'mine',
  fromModel: 'photo-completion',
  step,
  steps: 300,
  losses,
});

/** Resumes `from` and waits until the engine has started the job; `run` settles with the job. */
async function resuming(engine: ReturnType<typeof fakeEngine>, from: FineTunePaused) {
  engine.train.paused = from;
  const run = engine.train.resume();
  await vi.waitFor(() => expect(engine.train.jobId).toBe(JOB));
  return { run };
}

describe('TrainStore', () => {
  it('shows the step a resume goes on from at once, and the chart goes on from the earlier losses', async () => {
    const engine = fakeEngine();
    const { train, send } = engine;
    const history = [
      { step: 210, loss: 0.6 },
      { step: 220, loss: 0.5 },
    ];
    const { run } = await resuming(engine, paused(220, history));
    expect(train.current).toMatchObject({ step: 220, steps: 300, state: 'running', phase: 'starting' });
    send(progress(0, 1, { message: 'started' }));
    send(progress(220, 300, { message: 'reading photos' }));
    expect(train.current).toMatchObject({ step: 220, phase: 'reading photos', etaSeconds: null });
    send(progress(230, 300, { etaSeconds: 40, metrics: { loss: 0.4 } }));
    send(progress(240, 300, { jobId: 'job_other12', metrics: { loss: 9 } }));
    expect(train.current).toMatchObject({ step: 230, phase: null, etaSeconds: 40, metrics: { loss: 0.4 } });
    expect(train.losses).toEqual([...history, { step: 230, loss: 0.4 }]);
    const again = paused(230, [...history, { step: 230, loss: 0.4 }]);
    send({ type: 'result', jobId: JOB, output: again });
    await run;
    expect([train.paused, train.losses, train.current?.state]).toEqual([again, again.losses, 'ended']);
    expect(engine.calls.at(-1)).toEqual([
      'fineTune',
      { fromModel: 'photo-completion', name: 'mine', steps: 300, resume: true },
    ]);
  });

  it('a cancel leaves a cancelled run at the step it reached, with nothing paused', async () => {
    const engine = fakeEngine();
    const { run } = await resuming(engine, paused(220));
    engine.send(progress(230, 300, { metrics: { loss: 0.4 } }));
    engine.send({
      type: 'error',
      jobId: JOB,
      error: { code: 'CANCELLED', message: 'the job was cancelled' },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(engine.train.current).toMatchObject({ step: 230, steps: 300, state: 'cancelled' });
    expect(engine.train.paused).toBeNull();
  });

  it('a resume that fails shows the paused run again, as the engine keeps it', async () => {
    const engine = fakeEngine();
    const before = paused(220);
    const { run } = await resuming(engine, before);
    engine.send(progress(230, 300, { metrics: { loss: 0.4 } }));
    engine.send({ type: 'error', jobId: JOB, error: { code: 'NOT_FOUND', message: 'folder not found' } });
    await expect(run).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect([engine.train.paused, engine.train.losses, engine.train.current?.step]).toEqual([
      before,
      before.losses,
      220,
    ]);
  });

  it('after a reload, finds the paused run with its loss curve so far', async () => {
    const found = paused(4, [
      { step: 2, loss: 0.9 },
      { step: 4, loss: 0.8 },
    ]);
    const { train } = fakeEngine({ pausedFineTunes: [found] });
    await train.rediscover();
    expect([train.paused, train.losses]).toEqual([found, found.losses]);
    expect(train.current).toMatchObject({ step: 4, steps: 300, state: 'ended' });
  });

  it('tunes the model that does the chosen task now, and says so when none does', async () => {
    const engine = fakeEngine({ scanFolder: SCAN, listModels: [] });
    const { train } = engine;
    train.folder = '/p';
    await engine.models.refreshModels();
    expect(train.problem).toBe('No model completes photos now: select one in Models.');
    const model = (id: string, usedFor: ModelInfo['usedFor']) => ({ id, name: id, usedFor }) as ModelInfo;
    engine.answers['listModels'] = [
      model('photo', []),
      model('photo-completion', ['inpaint']),
      model('photo-superres', ['upscale']),
    ];
    await engine.models.refreshModels();
    expect(train.source?.id).toBe('photo-completion');
    train.task = 'upscale';
    expect(train.source?.id).toBe('photo-superres');
    const run = train.run();
    await vi.waitFor(() => expect(train.jobId).toBe(JOB));
    // The engine resolves the task's model itself, as it does for a completion or an upscale.
    expect(engine.calls.at(-1)).toEqual([
      'fineTune',
      { folder: '/p', task: 'upscale', name: 'my-photos', steps: 300, resume: false },
    ]);
    expect(train.current).toMatchObject({ step: 0, steps: 300, state: 'running' });
    engine.send({ type: 'error', jobId: JOB, error: { code: 'CANCELLED', message: 'cancelled' } });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('keeps the scan of the folder shown and stops on its problem', async () => {
    const scan = { ...SCAN, problem: 'needs two photos' };
    const { train } = fakeEngine({ scanFolder: scan });
    train.folder = '/p';
    await train.scanFolder();
    expect(train.scan).toEqual(scan);
    train.folder = '/q';
    expect(train.problem).not.toBe('needs two photos');
  });
});
