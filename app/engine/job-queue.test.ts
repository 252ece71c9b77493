import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, JobOutput } from '../api/contract.js';
import { ImageStore } from './image-store.js';
import { JobQueue, type JobRunner } from './job-queue.js';
import { throwIfCancelled } from '../util/task.js';

let store: ImageStore;
let source: string;
beforeAll(async () => {
  store = new ImageStore(await mkdtemp(join(tmpdir(), 'anp-jobs-')));
  source = join(store.sessionDir, 'source.png');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .png()
    .toFile(source);
});
afterAll(() => store.dispose());

/** A real job: resizes the source in `steps` sharp passes, reporting after each and honouring cancel. */
function resizeJob(steps: number, gate?: Promise<void>): JobRunner {
  return async ({ signal, onProgress }) => {
    let path = source;
    for (let step = 1; step <= steps; step++) {
      await gate;
      throwIfCancelled(signal);
      const next = join(store.sessionDir, `step-${Math.random().toString(36).slice(2)}.png`);
      await sharp(path)
        .resize(64 + 16 * step)
        .png()
        .toFile(next);
      path = next;
      onProgress({ done: step, total: steps, message: `pass ${step}/${steps}` });
    }
    const output: JobOutput = { kind: 'upscale', image: await store.adopt(path, 'resized.png') };
    return output;
  };
}

function collect(): { events: ApiEvent[]; queue: JobQueue; clock: { t: number } } {
  const events: ApiEvent[] = [];
  const clock = { t: 0 };
  const queue = new JobQueue(
    (event) => events.push(event),
    () => (clock.t += 500),
  );
  return { events, queue, clock };
}

describe('JobQueue', () => {
  it('runs a job, reports fraction/done/total and an ETA from elapsed time, then one result', async () => {
    const { events, queue } = collect();
    const jobId = queue.submit('upscale', resizeJob(4));
    expect(jobId).toMatch(/^job_[A-Za-z0-9_-]{6,64}$/);
    await queue.idle();
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.map((p) => p.message)).toEqual([
      'queued',
      'started',
      'pass 1/4',
      'pass 2/4',
      'pass 3/4',
      'pass 4/4',
    ]);
    expect(progress.map((p) => p.fraction)).toEqual([0, 0, 0.25, 0.5, 0.75, 1]);
    // The fake clock advances 0.5 s per reading: the start, then one reading per progress report.
    // After pass 1 0.5 s have passed for 1 of 4 → 1.5 s left; after pass 2 1 s for 2 of 4 → 1 s left.
    expect(progress.slice(2).map((p) => p.etaSeconds)).toEqual([1.5, 1, 0.5, 0]);
    expect(progress.every((p) => p.jobId === jobId && p.kind === 'upscale')).toBe(true);
    const last = events.at(-1)!;
    expect(last.type).toBe('result');
    if (last.type !== 'result' || last.output.kind !== 'upscale')
      throw new Error('expected an upscale result');
    expect(last.output.image.width).toBe(128);
    expect(last.output.image.height).toBe(96);
  });

  it('a task that estimates its own time left is shown its estimate, not one from its units', async () => {
    const { events, queue } = collect();
    const inner = resizeJob(2);
    queue.submit('fineTune', (context) =>
      inner({ ...context, onProgress: (p) => context.onProgress({ ...p, etaSeconds: 40 - 10 * p.done }) }),
    );
    await queue.idle();
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.slice(2).map((p) => p.etaSeconds)).toEqual([30, 20]);
  });

  it('cancelling a running job ends it with one CANCELLED error and no result', async () => {
    const { events, queue } = collect();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const jobId = queue.submit('upscale', resizeJob(3, gate));
    await new Promise((r) => setTimeout(r, 10));
    expect(queue.cancel(jobId)).toBe(true);
    open();
    await queue.idle();
    const ends = events.filter((e) => e.type !== 'progress');
    expect(ends).toEqual([
      { type: 'error', jobId, error: { code: 'CANCELLED', message: 'the job was cancelled' } },
    ]);
    expect(queue.cancel(jobId)).toBe(false);
  });

  it('runs jobs one at a time; a queued job can be cancelled before it starts', async () => {
    const { events, queue } = collect();
    const first = queue.submit('upscale', resizeJob(2));
    const second = queue.submit('upscale', resizeJob(2));
    expect(queue.cancel(second)).toBe(true);
    await queue.idle();
    const ends = events
      .filter((e) => e.type !== 'progress')
      .map((e) => [e.type, 'jobId' in e ? e.jobId : '']);
    expect(ends).toEqual([
      ['result', first],
      ['error', second],
    ]);
    const secondStarted = events.some(
      (e) => e.type === 'progress' && e.progress.jobId === second && e.progress.message === 'started',
    );
    expect(secondStarted).toBe(false);
  });

  it('an ended job lets go of its runner and what it held; cancel and pause still answer for it', async () => {
    const { queue } = collect();
    let held: WeakRef<object> | undefined;
    const submit = (pausable: boolean) => {
      const args = { mask: new Float64Array(1e6) };
      held = new WeakRef(args);
      const run: JobRunner = async () => ({ kind: 'upscale', image: { ...args, id: 'x' } as never });
      return queue.submit(pausable ? 'fineTune' : 'upscale', run, { pausable });
    };
    const [plain, pausable] = [submit(false), submit(true)];
    await queue.idle();
    // A WeakRef keeps its target until the task that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    expect(held!.deref()).toBeUndefined();
    expect(queue.cancel(plain)).toBe(false);
    expect(() => queue.pause(plain)).toThrow('a upscale job cannot be paused');
    expect(queue.pause(pausable)).toBe(false);
  });

  it('a failing job emits its ApiError shape; an unknown job id is NOT_FOUND', async () => {
    const { events, queue } = collect();
    const jobId = queue.submit('upscale', async () => {
      await store.openPath(join(store.sessionDir, 'missing.png'));
      throw new Error('unreachable');
    });
    await queue.idle();
    expect(events.at(-1)).toEqual({
      type: 'error',
      jobId,
      error: { code: 'NOT_FOUND', message: 'missing.png: file not found' },
    });
    expect(() => queue.cancel('job_doesnotexist')).toThrow('no job has the id job_doesnotexist');
  });

  it('a pausable running job sees its pause signal and ends with its own result; others refuse', async () => {
    const { events, queue } = collect();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const plain = queue.submit('upscale', resizeJob(1));
    const pausable = queue.submit(
      'fineTune',
      async ({ pause }) => {
        await gate;
        const step = pause.aborted ? 3 : 9;
        return { kind: 'fineTunePaused', name: 'mine', fromModel: 'photo', step, steps: 9, losses: [] };
      },
      { pausable: true },
    );
    expect(() => queue.pause(plain)).toThrow('a upscale job cannot be paused');
    // Still queued behind the first job: nothing to pause yet.
    expect(queue.pause(pausable)).toBe(false);
    const started = () =>
      events.some(
        (e) => e.type === 'progress' && e.progress.jobId === pausable && e.progress.message === 'started',
      );
    await vi.waitFor(() => expect(started()).toBe(true));
    expect(queue.pause(pausable)).toBe(true);
    expect(queue.pause(pausable)).toBe(false);
    open();
    await queue.idle();
    expect(events.at(-1)).toEqual({
      type: 'result',
      jobId: pausable,
      output: { kind: 'fineTunePaused', name: 'mine', fromModel: 'photo', step: 3, steps: 9, losses: [] },
    });
  });
});
