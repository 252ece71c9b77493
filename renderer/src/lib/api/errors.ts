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

/** The sentence to show a user for any thrown value. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof EngineError) return { code: err.code, message: err.message };
  if (err instanceof Error) {
    // Electron's IPC wraps remote errors: "Error invoking remote method 'x': Error: text".
    const code = (err as { code?: unknown }).code;
    return {
      code: typeof code === 'string' ? code : 'INTERNAL',
      message: err.message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, ''),
    };
  }
  return { code: 'INTERNAL', message: String(err) };
}
