/**
 * What main checks before anything from the renderer reaches the engine: the sender must be our own
 * app:// page (not a frame some content navigated to), the method must be in the contract and the
 * arguments must pass its schema. Replies are envelopes so the error code survives IPC.
 */
import { z } from 'zod';
import type { ApiErrorShape } from '../app/api/contract.js';
import { ApiError, toErrorShape } from '../app/api/errors.js';
import { enforcePaths, grantedPaths, PathGrants } from '../app/api/path-policy.js';
import { isApiMethod, validateArgs } from '../app/api/validate.js';
import { APP_HOST, APP_SCHEME } from './channels.js';

export { PathGrants };

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

/** What main checks paths against: the user's picks, kept as grants. */
export interface UserPaths {
  read: PathGrants;
  save: PathGrants;
}

/** The handler of the one API channel: validates in main, then forwards to the engine process. */
export function createCallHandler(engine: EngineCaller, paths: UserPaths) {
  const policy = grantedPaths(paths.read, paths.save);
  return async (event: SenderLike, method: unknown, args: unknown): Promise<ApiReply> => {
    try {
      refuseUntrusted(event);
      if (!isApiMethod(method)) throw new ApiError('INVALID_ARGUMENT', `unknown method: ${String(method)}`);
      const parsed = validateArgs(method, args);
      enforcePaths(method, parsed, policy);
      return { ok: true, result: await engine.call(method, parsed) };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  };
}

export const OpenDialogArgs = z.object({ directory: z.boolean().optional() }).strict().default({});
/** A dropped file's path, as the preload read it off the File with webUtils. */
export const DroppedPathArgs = z.string().min(1).max(4096);
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
