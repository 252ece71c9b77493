export {
  evaluateImageQuality,
  type ImageQualityOptions,
  type ImageQualityMetrics,
  type UpscalePeer,
} from './evaluate.js';
export { heldOutPhotos } from './held-out.js';
export { psnr } from './psnr.js';
export { teleaInpaint } from './telea.js';
