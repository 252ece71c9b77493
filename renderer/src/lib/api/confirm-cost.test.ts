import { describe, expect, it } from 'vitest';
import type { AnpApi } from '../../../../app/api/contract.js';
import { confirmingCosts } from './confirm-cost.js';
import { EngineError } from './errors.js';

/** An engine that refuses unconfirmed upscales as the real one does past its limits. */
function engine(calls: unknown[]): AnpApi {
  return {
    call: (async (method: string, args: { confirm?: boolean }) => {
      calls.push({ method, args });
      if (method === 'upscale' && !args.confirm)
        throw new EngineError('NEEDS_CONFIRMATION', 'this upscale would need about 4.6 GB of memory');
      if (method === 'imageInfo') throw new EngineError('NEEDS_CONFIRMATION', 'not a job');
      return { jobId: 'job_abcdef' };
    }) as AnpApi['call'],
    onEvent: () => () => undefined,
  };
}

describe('confirming costly jobs', () => {
  it('asks with the estimate and repeats the call confirmed only when the user agrees', async () => {
    const calls: unknown[] = [];
    const questions: string[] = [];
    const yes = confirmingCosts(engine(calls), (q) => (questions.push(q), true));
    const args = { imageId: 'img_abcdef', size: { kind: 'scale' as const, scale: 2 } };
    expect(await yes.call('upscale', args)).toEqual({ jobId: 'job_abcdef' });
    expect(questions).toEqual(['this upscale would need about 4.6 GB of memory.']);
    expect(calls).toEqual([
      { method: 'upscale', args },
      { method: 'upscale', args: { ...args, confirm: true } },
    ]);

    const no = confirmingCosts(engine([]), () => false);
    await expect(no.call('upscale', args)).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
  });

  it('never confirms on behalf of calls that are not jobs', async () => {
    let asked = false;
    const api = confirmingCosts(engine([]), () => (asked = true));
    await expect(api.call('imageInfo', { id: 'img_abcdef' })).rejects.toMatchObject({
      code: 'NEEDS_CONFIRMATION',
    });
    expect(asked).toBe(false);
  });
});
