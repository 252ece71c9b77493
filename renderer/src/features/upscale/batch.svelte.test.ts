import { describe, expect, it } from 'vitest';
import type { AnpApi, ApiEvent } from '../../../../app/api/contract.js';
import { image } from '../../lib/stores/image-fixture.js';
import { JobsStore } from '../../lib/stores/jobs.svelte.js';
import { BatchUpscaleStore, batchName } from './batch.svelte.js';
import type { ExportStore } from './export.svelte.js';

describe('batch upscaling', () => {
  it('names results as the command line does', () => {
    const out = { ...image('r'), width: 800, height: 600 };
    expect(batchName('cup.jpg', { kind: 'scale', scale: 2 }, out, 'png')).toBe('cup-x2.png');
    expect(batchName('cup.jpg', { kind: 'scale', scale: 1.5 }, out, 'jpg')).toBe('cup-x1.5.jpg');
    expect(batchName('cup', { kind: 'exact', width: 800 }, out, 'webp')).toBe('cup-800x600.webp');
  });

  it('goes on past a photo that fails, saves each result and lets the engine free it before the next', async () => {
    const calls: string[] = [];
    let listener: (event: ApiEvent) => void = () => undefined;
    let job = 0;
    const api = {
      onEvent: (l: (event: ApiEvent) => void) => ((listener = l), () => undefined),
      call: async (method: string, args: { imageId?: string; id?: string }) => {
        calls.push(`${method} ${args.imageId ?? args.id}`);
        if (method !== 'upscale') return {};
        if (args.imageId === image('bad').id) throw new Error('bad.png: the file is damaged');
        const jobId = `job${++job}`;
        setTimeout(() =>
          listener({ type: 'result', jobId, output: { kind: 'upscale', image: image(`out${job}`) } }),
        );
        return { jobId };
      },
    } as unknown as AnpApi;
    const saved: string[] = [];
    const exporter = {
      saveBatchResult: async (_: unknown, nameFor: (ext: string) => string) => (
        saved.push(nameFor('png')),
        nameFor('png')
      ),
    } as unknown as ExportStore;
    const batch = new BatchUpscaleStore(api, new JobsStore(api));
    const photos = ['a', 'bad', 'c'].map((id) => ({ image: image(id), name: `${id}.jpg` }));
    const outcome = await batch.run(photos, { kind: 'scale', scale: 2 }, exporter);
    expect(outcome).toEqual({
      saved: ['a-x2.png', 'c-x2.png'],
      failures: ['bad.jpg: bad.png: the file is damaged'],
      cancelled: false,
    });
    expect(calls).toEqual([
      `upscale ${image('a').id}`,
      `closeImage ${image('out1').id}`,
      `upscale ${image('bad').id}`,
      `upscale ${image('c').id}`,
      `closeImage ${image('out2').id}`,
    ]);
    expect([batch.running, batch.done, batch.fraction]).toEqual([false, 3, 1]);
  });
});
