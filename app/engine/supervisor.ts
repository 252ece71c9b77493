/**
 * Keeps an engine process alive for a binding (the web host, Electron's main). When the process dies
 * the jobs it was running or holding fail with a clear error event, a fresh engine starts on the same
 * session folder (so the open images come back and the dead job's files are swept away), and an
 * `engine` event tells the UI what happened. Engines that keep dying are not restarted for ever.
 */
import type { ApiEvent, JobKind } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import type { EngineClient } from './engine-client.js';

export interface SupervisorOptions {
  /** Starts an engine process on the session folder and resolves once it is ready. */
  start: () => Promise<EngineClient>;
  /** At most this many restarts within `windowMs`; then the engine stays stopped. */
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
}

export class SupervisedEngine {
  private client: Promise<EngineClient>;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  /** Jobs that have been queued or started and not yet ended, as the events showed them. */
  private readonly unfinished = new Map<string, JobKind>();
  private readonly restarts: number[] = [];
  private closing = false;
  private stopped?: ApiError;
  private markGaveUp!: (message: string) => void;
  /** Resolves with the reason once the engine is down for good (it kept dying or would not start). */
  readonly gaveUp = new Promise<string>((resolve) => (this.markGaveUp = resolve));

  private constructor(
    first: EngineClient,
    private readonly options: SupervisorOptions,
  ) {
    this.client = Promise.resolve(this.watch(first));
  }

  static async start(options: SupervisorOptions): Promise<SupervisedEngine> {
    return new SupervisedEngine(await options.start(), options);
  }

  /** The process now serving calls (tests use its pid). */
  current(): Promise<EngineClient> {
    return this.client;
  }

  async call(method: string, args: unknown): Promise<unknown> {
    if (this.stopped) throw this.stopped;
    return (await this.client).call(method, args);
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    await (await this.client.catch(() => undefined))?.close();
  }

  private watch(client: EngineClient): EngineClient {
    client.onEvent((event) => {
      this.track(event);
      this.emit(event);
    });
    void client.exited.then((code) => {
      if (!this.closing) this.recover(code);
    });
    return client;
  }

  private track(event: ApiEvent): void {
    if (event.type === 'progress') this.unfinished.set(event.progress.jobId, event.progress.kind);
    else if (event.type === 'result' || event.type === 'error') this.unfinished.delete(event.jobId);
  }

  /** Restarts the engine, then fails the dead engine's jobs with what happened and tells the UI. */
  private recover(code: number | null): void {
    const how = `The engine process stopped unexpectedly (${code === null ? 'killed' : `exit code ${code}`})`;
    const lost = [...this.unfinished.keys()];
    this.unfinished.clear();
    const announce = (state: 'restarted' | 'stopped', message: string): void => {
      const error = { code: 'INTERNAL' as const, message };
      for (const jobId of lost) this.emit({ type: 'error', jobId, error });
      this.emit({ type: 'engine', state, message });
    };
    if (!this.mayRestart()) {
      announce('stopped', this.stop(`${how} and keeps stopping; restart ANP Studio.`));
      return;
    }
    this.client = this.options.start().then(
      (client) => {
        this.watch(client);
        announce('restarted', `${how}; it was restarted and your open images are kept.`);
        return client;
      },
      (err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        announce('stopped', this.stop(`${how} and could not be restarted (${why}); restart ANP Studio.`));
        throw this.stopped;
      },
    );
    this.client.catch(() => undefined);
  }

  private mayRestart(): boolean {
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? 60_000;
    while (this.restarts.length && now - this.restarts[0]! > windowMs) this.restarts.shift();
    if (this.restarts.length >= (this.options.maxRestarts ?? 3)) return false;
    this.restarts.push(now);
    return true;
  }

  private stop(message: string): string {
    this.stopped = new ApiError('INTERNAL', message);
    this.markGaveUp(message);
    return message;
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
