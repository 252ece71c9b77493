/**
 * The engine process's way to its parent's browser compute page: requests go up as `compute`
 * messages, answers come back as `computeReply` (./protocol.ts). A parent without a page refuses them.
 */
import { ApiError } from '../api/errors.js';
import type { PageChannel, PageRequestBody } from '../compute/webgpu/page-channel.js';
import type { FromEngine, ToEngine } from './protocol.js';

type ComputeReply = Extract<ToEngine, { type: 'computeReply' }>;

export class ParentComputeChannel implements PageChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();

  constructor(private readonly post: (message: FromEngine) => void) {}

  request<T extends PageRequestBody>(request: T): Promise<never> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ type: 'compute', id, request });
    });
  }

  settle(reply: ComputeReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new ApiError(reply.error.code, reply.error.message));
  }
}
