/**
 * The engine process's message protocol, the same over Electron's `utilityProcess` (parentPort) and
 * Node's `child_process.fork` (process.send). Every call gets exactly one reply with its id; events
 * flow from the engine at any time.
 */
import type { ApiErrorShape, ApiEvent } from '../api/contract.js';
import type { PageRequestBody } from '../compute/webgpu/page-channel.js';

/**
 * `computeReply` answers the engine's `compute` request: the parent forwards those to its browser
 * compute page (the browser-mode tab, Electron's hidden window) or refuses them when it has none.
 */
export type ToEngine =
  | { type: 'call'; id: number; method: string; args: unknown }
  | { type: 'shutdown' }
  | { type: 'computeReply'; id: number; ok: true; value: unknown }
  | { type: 'computeReply'; id: number; ok: false; error: ApiErrorShape };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiErrorShape }
  | { type: 'event'; event: ApiEvent }
  | { type: 'compute'; id: number; request: PageRequestBody };

export function isToEngine(value: unknown): value is ToEngine {
  if (typeof value !== 'object' || value === null) return false;
  const msg = value as Record<string, unknown>;
  if (msg.type === 'shutdown') return true;
  if (msg.type === 'computeReply') return Number.isSafeInteger(msg.id) && typeof msg.ok === 'boolean';
  return msg.type === 'call' && Number.isSafeInteger(msg.id) && typeof msg.method === 'string';
}
