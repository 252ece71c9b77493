/**
 * What main checks before anything from the renderer reaches the engine: the sender must be our own
 * app:// page (not a frame some content navigated to), the method must be in the contract and the
 * arguments must pass its schema. Replies are envelopes so the error code survives IPC.
 */
import { z } from 'zod';
import type { ApiErrorShape } from '../app/api/contract.js';
import { ApiError, toErrorShape } from '../app/api/errors.js';
import { isApiMethod, validateArgs } from '../app/api/validate.js';
import { APP_HOST, APP_SCHEME } from './channels.js';

export type ApiReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/** The parts of an IpcMainInvokeEvent the checks read. */
export interface SenderLike {
  senderFrame: { url: string } | null;
}

export function isTrustedSender(event: SenderLike): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

function refuseUntrusted(event: SenderLike): void {
  if (!isTrustedSender(event)) {
    throw new ApiError('INVALID_ARGUMENT', 'refused: the request did not come from the ANP Studio window');
  }
}

export interface EngineCaller {
  call(method: string, args: unknown): Promise<unknown>;
}

/**
 * Paths the user chose in the save dialog. The window may write an export only to such a path, and
 * only once, so a compromised renderer cannot overwrite arbitrary files with image data.
 */
export class SavePathGrants {
  private readonly granted = new Set<string>();

  grant(path: string): void {
    this.granted.add(path);
  }

  consume(path: string): boolean {
    return this.granted.delete(path);
  }
}

/** The handler of the one API channel: validates in main, then forwards to the engine process. */
export function createCallHandler(engine: EngineCaller, savePaths: SavePathGrants) {
  return async (event: SenderLike, method: unknown, args: unknown): Promise<ApiReply> => {
    try {
      refuseUntrusted(event);
      if (!isApiMethod(method)) throw new ApiError('INVALID_ARGUMENT', `unknown method: ${String(method)}`);
      const parsed = validateArgs(method, args);
      if (method === 'exportImage' && 'path' in parsed && parsed.path && !savePaths.consume(parsed.path)) {
        throw new ApiError('INVALID_ARGUMENT', 'exportImage: path was not chosen in the save dialog');
      }
      return { ok: true, result: await engine.call(method, parsed) };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  };
}

export const OpenDialogArgs = z.object({ directory: z.boolean().optional() }).strict().default({});
export const SaveDialogArgs = z
  .object({
    defaultName: z.string().min(1).max(255),
    format: z.enum(['png', 'jpeg', 'webp', 'tiff', 'avif']),
  })
  .strict();

/** Validates a dialog request's sender and argument; throws an ApiError otherwise. */
export function validateDialogRequest<T>(event: SenderLike, schema: z.ZodType<T>, args: unknown): T {
  refuseUntrusted(event);
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      'INVALID_ARGUMENT',
      `dialog: ${issue?.path.join('.') || 'argument'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data;
}
