/**
 * The output size of an upscale: app/api/output-size.ts, the one module the engine, the tasks, the
 * CLI and the renderer share, under the name the tasks' importers know.
 */
export { checkRegionInside, resolveOutputSize, type UpscaleSize } from '../api/output-size.js';
