/** What every long-running core task (inpaint, upscale, fine-tune, …) receives and reports. */
import { ApiError } from '../api/errors.js';

export interface TaskProgress {
  done: number;
  total: number;
  message: string;
  /** Training: step, loss, nll, kl, stepsPerSecond, … */
  metrics?: Record<string, number>;
  /** Seconds one of the `total` units takes, measured before the work began: the first ETA. */
  unitSeconds?: number;
  /**
   * The task's own estimate of the seconds left, for work whose units take unequal times (fine-tuning:
   * evaluations around the steps); shown as it is instead of the queue's estimate from the units,
   * null included (the task cannot tell yet).
   */
  etaSeconds?: number | null;
}

export interface TaskContext {
  signal: AbortSignal;
  onProgress: (progress: TaskProgress) => void;
  /** Aborted when the user pauses the job (only pausable jobs look at it). */
  pause: AbortSignal;
}

/** A model on disk: `dir` holds `manifest.json` + `weights.bin` (+ `MODEL_CARD.md`). */
export interface ModelRef {
  id: string;
  dir: string;
}

/** For work that cannot be cancelled or paused. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ApiError('CANCELLED', 'the job was cancelled');
}
