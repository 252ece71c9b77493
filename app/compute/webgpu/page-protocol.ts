/** Messages between the engine's side and a browser compute page (its Worker runs the model). */
import type { ApiErrorShape } from '../../api/contract.js';
import type {
  GridJob,
  GridResult,
  ModelSummary,
  SuperResJob,
  SuperResResult,
  TileJob,
  TileResult,
} from '../protocol.js';
import type { PageBackendChoice, PageBackendInfo } from './page-backend.js';
import type { ForwardTiming } from './page-bench.js';

export type PageComputeRequest =
  | { id: number; type: 'start'; choice: PageBackendChoice }
  | { id: number; type: 'load'; modelKey: string; manifest: Record<string, unknown>; weights: Uint8Array }
  | { id: number; type: 'evaluate'; modelKey: string; job: TileJob }
  | { id: number; type: 'grid'; modelKey: string; job: GridJob }
  | { id: number; type: 'superres'; modelKey: string; job: SuperResJob }
  | { id: number; type: 'tensors' }
  | { id: number; type: 'timeMatMul'; m: number; k: number; n: number; reps: number }
  | { id: number; type: 'timeForward'; modelKey: string; timing: ForwardTiming };

/** What each request answers with. */
export interface PageComputeValues {
  start: PageBackendInfo;
  load: ModelSummary;
  evaluate: TileResult[];
  grid: GridResult;
  superres: SuperResResult;
  tensors: number;
  /** Milliseconds per call. */
  timeMatMul: number;
  timeForward: number;
}

export type PageComputeReply =
  | { id: number; ok: true; value: PageComputeValues[keyof PageComputeValues] }
  | { id: number; ok: false; error: ApiErrorShape };

/**
 * How a page that lost its state (the browser-mode tab was reloaded, the compute window restarted)
 * answers work it cannot do yet; the engine's pool starts it again and retries.
 */
export const PAGE_NOT_READY = 'the compute page has not started or has not loaded the model';
