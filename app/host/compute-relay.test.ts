import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../compute/webgpu/binary-message.js';
import type { PageComputeRequest } from '../compute/webgpu/page-protocol.js';
import { ComputeRelay } from './compute-relay.js';

const fast = { nextWaitMs: 50, attachMs: 100, pageGoneMs: 150 };

describe('ComputeRelay', () => {
  it('hands a request to the tab and resolves with its binary answer', async () => {
    const relay = new ComputeRelay(fast);
    const answered = relay.request({ type: 'tensors' });
    const request = decodeMessage((await relay.next('tab-a'))!) as PageComputeRequest;
    expect(request).toMatchObject({ type: 'tensors' });
    relay.reply(encodeMessage({ id: request.id, ok: true, value: 12 }));
    await expect(answered).resolves.toBe(12);
    relay.close();
  });

  it('passes on the tab’s error and waits for work when there is none', async () => {
    const relay = new ComputeRelay(fast);
    expect(await relay.next('tab-a')).toBeUndefined();
    const answered = relay.request({ type: 'tensors' });
    const { id } = decodeMessage((await relay.next('tab-a'))!) as PageComputeRequest;
    relay.reply(encodeMessage({ id, ok: false, error: { code: 'MODEL_ERROR', message: 'no adapter' } }));
    await expect(answered).rejects.toMatchObject({ code: 'MODEL_ERROR', message: 'no adapter' });
    relay.close();
  });

  it('lets one tab compute until it stops asking, then the next', async () => {
    const relay = new ComputeRelay({ ...fast, attachMs: 2000 });
    expect(await relay.next('tab-a')).toBeUndefined();
    const answered = relay.request({ type: 'tensors' });
    expect(await relay.next('tab-b')).toBeUndefined();
    const { id } = decodeMessage((await relay.next('tab-a'))!) as PageComputeRequest;
    relay.reply(encodeMessage({ id, ok: true, value: 1 }));
    await expect(answered).resolves.toBe(1);
    await new Promise((resolve) => setTimeout(resolve, fast.pageGoneMs + 20));
    const later = relay.request({ type: 'tensors' });
    expect(decodeMessage((await relay.next('tab-b'))!)).toMatchObject({ type: 'tensors' });
    later.catch(() => undefined);
    relay.close();
  });

  it('fails a request no tab takes, and answers owed by a tab that stopped asking', async () => {
    const relay = new ComputeRelay(fast);
    await expect(relay.request({ type: 'tensors' })).rejects.toThrow(
      'no browser tab with the compute Worker is open',
    );
    const owed = relay.request({ type: 'tensors' });
    await relay.next('tab-a');
    await expect(owed).rejects.toThrow('the browser tab computing on WebGPU was closed or stopped answering');
    relay.close();
  });
});
