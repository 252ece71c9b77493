/**
 * The super-resolution ablation's 'previous version': the upscale model the new one replaces, scored
 * on the same photos and factors through the same upscale path, and shown as one more peer column.
 */
import { basename } from 'node:path';
import {
  evaluateImageQuality,
  type ImageQualityMetrics,
  type ImageQualityOptions,
} from '../../app/quality/index.js';
import type { SuperResolutionScores } from '../../app/quality/evaluate.js';
import type { ModelRef } from '../../app/util/task.js';

export type PreviousScores = Record<string, SuperResolutionScores>;

/** The model's super-resolution scores alone (no completion, no peers), per factor key. */
export async function scorePreviousVersion(
  model: ModelRef,
  evaluation: Pick<ImageQualityOptions, 'files' | 'pool' | 'size' | 'scales' | 'sharpening' | 'onProgress'>,
): Promise<PreviousScores> {
  const quality = await evaluateImageQuality({ ...evaluation, model, skipCompletion: true });
  return quality.superResolution;
}

export const previousVersionName = (dir: string): string => `previous version (${basename(dir)})`;

/** `quality` with the previous version's PSNR and seconds as a peer at every factor it was scored at. */
export function withPreviousVersion(
  quality: ImageQualityMetrics,
  name: string,
  previous: PreviousScores,
): ImageQualityMetrics {
  const superResolution = Object.fromEntries(
    Object.entries(quality.superResolution).map(([scale, scores]) => {
      const p = previous[scale];
      const peers = p
        ? { ...scores.peers, [name]: { psnr: p.model, seconds: p.modelSeconds } }
        : scores.peers;
      return [scale, { ...scores, peers }];
    }),
  );
  return { ...quality, superResolution };
}
