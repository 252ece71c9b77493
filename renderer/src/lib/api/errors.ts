import type { ApiErrorCode, ApiErrorShape } from '../../../../app/api/contract.js';

/** An error returned by the engine, as the renderer sees it (either binding). */
export class EngineError extends Error {
  constructor(
    readonly code: ApiErrorCode | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function toEngineError(shape: Partial<ApiErrorShape> | undefined, fallback: string): EngineError {
  return new EngineError(shape?.code ?? 'INTERNAL', shape?.message ?? fallback);
}

/** The code and sentence to show a user for any thrown value. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof EngineError) return { code: err.code, message: err.message };
  const text = err instanceof Error ? err.message : String(err);
  // Errors cross Electron's contextBridge as text only; the preload leads it with the code: "[CODE] …".
  const coded = /\[([A-Z_]+)\] ([\s\S]*)$/.exec(text);
  if (coded?.[1] && coded[2] !== undefined) return { code: coded[1], message: coded[2] };
  return { code: 'INTERNAL', message: text };
}
