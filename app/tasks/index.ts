/** The core image tasks the engine and the CLI run. */
export {
  runInpaint,
  inpaintImage,
  MAX_SAMPLES,
  type InpaintOptions,
  type InpaintFiles,
  type InpaintImages,
} from './inpaint.js';
export { runUpscale, type UpscaleOptions } from './upscale.js';
export { previewUpscale, timeUpscale, type UpscalePreview } from './upscale-preview.js';
export { exportImage, type ExportOptions } from './export.js';
export { resolveOutputSize, type UpscaleSize } from '../api/output-size.js';
