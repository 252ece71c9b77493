/**
 * The engine process's message protocol, the same over Electron's `utilityProcess` (parentPort) and
 * Node's `child_process.fork` (process.send). Every call gets exactly one reply with its id; events
 * flow from the engine at any time.
 */
import type { ApiErrorShape, ApiEvent } from '../api/contract.js';

export type ToEngine = { type: 'call'; id: number; method: string; args: unknown } | { type: 'shutdown' };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiErrorShape }
  | { type: 'event'; event: ApiEvent };

export function isToEngine(value: unknown): value is ToEngine {
  if (typeof value !== 'object' || value === null) return false;
  const msg = value as Record<string, unknown>;
  if (msg.type === 'shutdown') return true;
  return msg.type === 'call' && Number.isSafeInteger(msg.id) && typeof msg.method === 'string';
}
