import { describe, expect, it } from 'vitest';
import type { AnpApi, ImageInfo } from '../../../../app/api/contract.js';
import { DocumentStore } from '../../lib/stores/document.svelte.js';
import { JobsStore } from '../../lib/stores/jobs.svelte.js';
import { UpscaleStore } from './upscale.svelte.js';

/** Size arithmetic never talks to the engine; any call would be a bug. */
const offline: AnpApi = {
  call: () => Promise.reject(new Error('no engine in this test')),
  onEvent: () => () => undefined,
};

function storeFor(width: number, height: number, doc = new DocumentStore()): UpscaleStore {
  const image: ImageInfo = {
    id: 'img_source',
    name: 'a.jpg',
    width,
    height,
    format: 'jpeg',
    channels: 3,
    hasAlpha: false,
    bitDepth: 8,
    orientation: 1,
    sizeBytes: 1,
  };
  doc.load(image);
  return new UpscaleStore(offline, new JobsStore(offline), doc, () => undefined);
}

describe('UpscaleStore', () => {
  it('targets the scaled size, fractional factors included', () => {
    const upscale = storeFor(451, 300);
    upscale.scale = 2.5;
    expect(upscale.target).toEqual({ width: 1128, height: 750 });
    expect(upscale.problem).toBeNull();
    upscale.scale = 17;
    expect(upscale.problem).toMatch(/between 1 and 16/);
  });

  it('exact size keeps the aspect ratio while locked and not when unlocked', () => {
    const upscale = storeFor(451, 300);
    upscale.scale = 2;
    upscale.mode = 'exact';
    upscale.resetExact();
    expect(upscale.target).toEqual({ width: 902, height: 600 });
    upscale.setWidth(1353);
    expect(upscale.height).toBe(900);
    upscale.lockAspect = false;
    upscale.setHeight(1000);
    expect(upscale.target).toEqual({ width: 1353, height: 1000 });
    upscale.setWidth(100);
    expect(upscale.problem).toMatch(/smaller/);
  });

  it('an exact size typed for one photo does not carry over to the next', () => {
    const doc = new DocumentStore();
    const upscale = storeFor(512, 512, doc);
    upscale.mode = 'exact';
    upscale.setWidth(20000);
    expect(upscale.target).toEqual({ width: 20000, height: 20000 });
    doc.load({ ...doc.current!, id: 'img_second', width: 320, height: 213 });
    expect([upscale.width, upscale.height]).toEqual([640, 426]);
    expect(upscale.problem).toBeNull();
  });
});
