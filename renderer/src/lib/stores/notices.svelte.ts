import { describeError } from '../api/errors.js';

export interface Notice {
  kind: 'error' | 'info';
  code: string;
  message: string;
}

/** The one banner at the top of the workspace: the latest error, or a short confirmation. */
export class NoticeStore {
  current = $state<Notice | null>(null);

  report(err: unknown): void {
    const { code, message } = describeError(err);
    if (code === 'CANCELLED') {
      this.current = { kind: 'info', code, message: 'The job was cancelled.' };
      return;
    }
    this.current = { kind: 'error', code, message };
  }

  /** Several failures of one action (one line each, in order): opening several files, a batch. */
  reportAll(errors: readonly unknown[]): void {
    const described = errors.map((err) => describeError(err));
    const first = described[0];
    if (!first) return;
    if (described.length === 1) return this.report(errors[0]);
    this.current = { kind: 'error', code: first.code, message: described.map((d) => d.message).join('\n') };
  }

  error(message: string): void {
    this.current = { kind: 'error', code: 'ERROR', message };
  }

  /** The engine process died and was restarted (or could not be): no action of the user caused it. */
  engine(message: string): void {
    this.current = { kind: 'error', code: 'ENGINE', message };
  }

  info(message: string): void {
    this.current = { kind: 'info', code: 'INFO', message };
  }

  dismiss(): void {
    this.current = null;
  }

  /** A confirmation ("exported", "the job was cancelled") no longer applies once the user acts again. */
  dismissStale(): void {
    if (this.current?.kind === 'info') this.current = null;
  }
}
