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
