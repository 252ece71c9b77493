import { expect, it } from 'vitest';
import type { ImageQualityMetrics } from '../../app/quality/index.js';
import type { SuperResolutionScores } from '../../app/quality/evaluate.js';
import { previousVersionName, withPreviousVersion } from './previous-version.js';

const scores = (model: number, seconds: number): SuperResolutionScores => ({
  bicubic: 20,
  lanczos3: 21,
  model,
  learnedGain: model - 21,
  within1Sigma: 0.7,
  within2Sigma: 0.95,
  modelSeconds: seconds,
  peers: { 'ESRGAN-slim': { psnr: 22, seconds: 1 } },
});

it("adds the previous version's PSNR and seconds as a peer at the factors it was scored at", () => {
  const quality: ImageQualityMetrics = {
    images: 1,
    size: 64,
    seconds: 1,
    superResolution: { x2: scores(25, 2), x4: scores(23, 3) },
  };
  const name = previousVersionName('/models/pretrained/photo-superres');
  expect(name).toBe('previous version (photo-superres)');
  const merged = withPreviousVersion(quality, name, { x4: scores(22.5, 4) });
  expect(merged.superResolution.x4!.peers).toEqual({
    'ESRGAN-slim': { psnr: 22, seconds: 1 },
    [name]: { psnr: 22.5, seconds: 4 },
  });
  expect(merged.superResolution.x2).toEqual(quality.superResolution.x2);
  expect(merged.superResolution.x4!.model).toBe(23);
});
