/**
 * The parent's handle on the engine process: forwards calls, resolves their replies, relays events.
 * The transport is Node's child_process.fork here (browser mode, CLI, tests) or Electron's
 * utilityProcess in main; both carry the messages of ./protocol.ts.
 */
import type { ApiEvent } from '../api/contract.js';
import { ApiError, toErrorShape } from '../api/errors.js';
import { checkNesting } from '../api/validate.js';
import type { PageChannel, PageRequestBody } from '../compute/webgpu/page-channel.js';
import type { FromEngine, ToEngine } from './protocol.js';

export interface EngineTransport {
  send(message: ToEngine): void;
  onMessage(listener: (message: FromEngine) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  /** The engine process's id, where the transport knows it. */
  readonly pid?: number | undefined;
}

/** The script that starts the engine process (it registers tsx, then loads the TS entry), beside this file. */
export const ENGINE_BOOTSTRAP = 'process-bootstrap.mjs';

/** Why an engine started without a compute page (the CLI, tests) has no WebGPU. */
export const NO_COMPUTE_PAGE = 'this engine has no browser compute page (the command line has no window)';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private exitCode: { code: number | null } | undefined;
  /** Resolves when the engine has started and can take calls. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code once the engine process has gone, for whatever reason. */
  readonly exited: Promise<number | null>;

  /** `compute`: the browser compute page the engine may run WebGPU inference on. */
  constructor(
    private readonly transport: EngineTransport,
    private readonly compute?: PageChannel,
  ) {
    let markReady!: () => void;
    let failStart!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    transport.onMessage((message) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'event') for (const listener of this.listeners) listener(message.event);
      else if (message.type === 'compute') void this.forwardCompute(message.id, message.request);
      else this.settle(message);
    });
    let markExited!: (code: number | null) => void;
    this.exited = new Promise((resolve) => (markExited = resolve));
    transport.onExit((code) => {
      this.exitCode = { code };
      const error = new ApiError('INTERNAL', `the engine process stopped (exit code ${code ?? 'unknown'})`);
      failStart(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      markExited(code);
    });
  }

  get pid(): number | undefined {
    return this.transport.pid;
  }

  call(method: string, args: unknown): Promise<unknown> {
    if (this.exitCode) {
      return Promise.reject(
        new ApiError('INTERNAL', `the engine process stopped (exit code ${this.exitCode.code})`),
      );
    }
    try {
      // A deeper argument would overflow the stack while being serialised for the engine process.
      checkNesting(method, args);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.transport.send({ type: 'call', id, method, args });
    });
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the engine to clean up and exit; kills it if it has not gone within `graceMs`. */
  async close(graceMs = 5000): Promise<void> {
    if (this.exitCode) return;
    this.transport.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.transport.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private async forwardCompute(id: number, request: PageRequestBody): Promise<void> {
    let reply: ToEngine;
    try {
      if (!this.compute) throw new ApiError('INTERNAL', NO_COMPUTE_PAGE);
      reply = { type: 'computeReply', id, ok: true, value: await this.compute.request(request) };
    } catch (err) {
      reply = { type: 'computeReply', id, ok: false, error: toErrorShape(err) };
    }
    if (!this.exitCode) this.transport.send(reply);
  }

  private settle(reply: Extract<FromEngine, { type: 'reply' }>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new ApiError(reply.error.code, reply.error.message));
  }
}
