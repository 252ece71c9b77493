/** Messages between the engine's side and a browser compute page (its Worker runs the model). */
import type { ApiErrorShape } from '../../api/contract.js';
import type { TileJob, TileResult, ModelSummary } from '../protocol.js';
import type { PageBackendChoice, PageBackendInfo } from './page-backend.js';

export type PageComputeRequest =
  | { id: number; type: 'start'; choice: PageBackendChoice }
  | { id: number; type: 'load'; modelKey: string; manifest: Record<string, unknown>; weights: Uint8Array }
  | { id: number; type: 'evaluate'; modelKey: string; job: TileJob }
  | { id: number; type: 'tensors' };

/** What each request answers with. */
export interface PageComputeValues {
  start: PageBackendInfo;
  load: ModelSummary;
  evaluate: TileResult[];
  tensors: number;
}

export type PageComputeReply =
  | { id: number; ok: true; value: PageComputeValues[keyof PageComputeValues] }
  | { id: number; ok: false; error: ApiErrorShape };
