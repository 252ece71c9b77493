/**
 * Browser mode's compute page is the user's tab: its Worker runs the engine's WebGPU requests. The
 * tab asks for work with `POST /api/compute/next` (held open up to NEXT_WAIT_MS; 204 when there is
 * none) and posts each answer to `POST /api/compute/reply`, both as binary messages. A request no tab
 * picks up within ATTACH_MS fails (no tab, or one without the compute Worker); answers still owed
 * fail when the tab stops asking for PAGE_GONE_MS (it was closed). One tab computes at a time (its
 * Worker holds the backend and the models): the first to ask, until it stops asking; then the next.
 */
import { ApiError } from '../api/errors.js';
import { decodeMessage, encodeMessage } from '../compute/webgpu/binary-message.js';
import type { PageChannel, PageRequestBody } from '../compute/webgpu/page-channel.js';
import type { PageComputeReply } from '../compute/webgpu/page-protocol.js';

const NEXT_WAIT_MS = 20_000;
const ATTACH_MS = 10_000;
const PAGE_GONE_MS = NEXT_WAIT_MS + 15_000;

interface Owed {
  resolve(value: unknown): void;
  reject(err: Error): void;
  /** Not yet taken by a tab: fails ATTACH_MS after it was queued. */
  attachTimer: ReturnType<typeof setTimeout> | undefined;
}

export interface ComputeRelayTimes {
  nextWaitMs: number;
  attachMs: number;
  pageGoneMs: number;
}

export class ComputeRelay implements PageChannel {
  private nextId = 1;
  private readonly queue: { id: number; bytes: ArrayBuffer }[] = [];
  private readonly owed = new Map<number, Owed>();
  private readonly waiting = new Set<() => void>();
  private lastAsked = 0;
  /** The tab that computes, named by the id it sends with every `next`. */
  private tab: string | undefined;
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    private readonly times: ComputeRelayTimes = {
      nextWaitMs: NEXT_WAIT_MS,
      attachMs: ATTACH_MS,
      pageGoneMs: PAGE_GONE_MS,
    },
  ) {
    this.watchdog = setInterval(() => this.checkPage(), Math.min(1000, times.pageGoneMs / 2));
    this.watchdog.unref();
  }

  request<T extends PageRequestBody>(request: T): Promise<never> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const attachTimer = setTimeout(() => {
        const queued = this.queue.findIndex((entry) => entry.id === id);
        if (queued < 0) return;
        this.queue.splice(queued, 1);
        this.owed.delete(id);
        reject(new ApiError('INTERNAL', 'no browser tab with the compute Worker is open'));
      }, this.times.attachMs);
      this.owed.set(id, { resolve: resolve as (value: unknown) => void, reject, attachTimer });
      this.queue.push({ id, bytes: encodeMessage({ ...request, id }) });
      for (const wake of this.waiting) wake();
    });
  }

  /**
   * The next request for the tab, waiting up to nextWaitMs for one (undefined: none came, or another
   * tab is the one computing).
   */
  async next(tab: string): Promise<ArrayBuffer | undefined> {
    if (this.tab !== undefined && this.tab !== tab && !this.tabGone()) {
      await new Promise((resolve) => setTimeout(resolve, this.times.nextWaitMs));
      return undefined;
    }
    this.tab = tab;
    this.lastAsked = Date.now();
    if (!this.queue.length) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, this.times.nextWaitMs);
        this.waiting.add(wake);
      });
    }
    this.lastAsked = Date.now();
    const entry = this.queue.shift();
    if (!entry) return undefined;
    const owed = this.owed.get(entry.id);
    if (owed) {
      clearTimeout(owed.attachTimer);
      owed.attachTimer = undefined;
    }
    return entry.bytes;
  }

  /** An answer from the tab's Worker. */
  reply(bytes: ArrayBuffer): void {
    const reply = decodeMessage(bytes) as PageComputeReply;
    const owed = this.owed.get(reply.id);
    if (!owed) return;
    this.owed.delete(reply.id);
    if (reply.ok) owed.resolve(reply.value);
    else owed.reject(new ApiError(reply.error.code, reply.error.message));
  }

  close(): void {
    clearInterval(this.watchdog);
    for (const wake of this.waiting) wake();
    this.failTaken('the web host closed');
  }

  private tabGone(): boolean {
    return Date.now() - this.lastAsked > this.times.pageGoneMs;
  }

  private checkPage(): void {
    if (this.tabGone()) this.failTaken('the browser tab computing on WebGPU was closed or stopped answering');
  }

  /** Fails the answers owed for requests a tab had taken. */
  private failTaken(why: string): void {
    for (const [id, owed] of this.owed) {
      if (owed.attachTimer) continue;
      this.owed.delete(id);
      owed.reject(new ApiError('INTERNAL', why));
    }
  }
}
