/**
 * The npm peer a JavaScript user would pick for super-resolution: UpscalerJS's ESRGAN models
 * (`@upscalerjs/esrgan-slim`, `-medium`; MIT, dev dependencies). Their tfjs layers models are loaded
 * straight from the packages' `models/x{scale}/model.json` and run on whatever tfjs backend is active
 * (wasm here), without the UpscalerJS runtime. Every slim and medium model is an RDN whose input and
 * output are RGB in 0–255 (UpscalerJS's rrdn `thick` models take 0–1 and need custom layers; not
 * used here).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type EsrganVariant = 'slim' | 'medium';
export type EsrganScale = 2 | 3 | 4 | 8;

export interface EsrganPeer {
  /** `@upscalerjs/esrgan-slim` etc. */
  readonly packageName: string;
  readonly packageVersion: string;
  readonly variant: EsrganVariant;
  readonly scale: EsrganScale;
  /** The model.json that was loaded. */
  readonly modelPath: string;
  /**
   * Interleaved 8-bit RGB [height, width, 3] → 8-bit RGB [height·scale, width·scale, 3]. Images whose
   * output exceeds `WHOLE_IMAGE_OUTPUT_PIXELS` run in overlapping tiles of `DEFAULT_TILE` input
   * pixels so that the wasm heap holds; `options.tile` forces tiles of that size.
   */
  upscale(rgb: Uint8Array, width: number, height: number, options?: { tile?: number }): Promise<Uint8Array>;
  dispose(): void;
}

/**
 * Up to this many output pixels one call runs the whole image (a 512² ×4 input: the last layers then
 * hold 2048²×48 floats, 0.8 GB); larger outputs run in tiles.
 */
export const WHOLE_IMAGE_OUTPUT_PIXELS = 2048 * 2048;
/** Tile size (input pixels) and the margin each tile reads around it (≥ the RDN's receptive radius). */
export const DEFAULT_TILE = 128;
const TILE_MARGIN = 16;

interface WeightsManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/** The package's directory in the nearest node_modules that has it, or null. */
function packageDir(name: string): string | null {
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return null;
}

/** An IO handler that reads a layers model.json and its weight shards from disk. */
function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as {
        modelTopology: object;
        weightsManifest: WeightsManifestGroup[];
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
      };
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) shards.push(await readFile(join(dirname(modelJsonPath), p)));
      }
      const total = shards.reduce((n, s) => n + s.byteLength, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const s of shards) {
        weightData.set(s, offset);
        offset += s.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: weightData.buffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
      };
    },
  };
}

/** Runs the model on one [h, w, 3] 0–255 block → [h·s, w·s, 3] 0–255 as int32 values. */
async function runModel(model: tf.LayersModel, rgb: Uint8Array, w: number, h: number): Promise<Int32Array> {
  const out = tf.tidy(() => {
    const x = tf.tensor4d(rgb, [1, h, w, 3], 'int32').toFloat();
    const y = model.predict(x) as tf.Tensor;
    return y.clipByValue(0, 255).round().toInt();
  });
  try {
    return (await out.data()) as Int32Array;
  } finally {
    out.dispose();
  }
}

/** Copies the block [x0, x0+w) × [y0, y0+h) of an interleaved RGB image. */
function crop(rgb: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * width + x0) * 3;
    out.set(rgb.subarray(from, from + w * 3), y * w * 3);
  }
  return out;
}

/**
 * Loads `@upscalerjs/esrgan-{variant}`'s ×scale model onto the active tfjs backend, or returns null
 * (and logs one line saying why) when the package or that model is not installed.
 */
export async function loadEsrgan(variant: EsrganVariant, scale: EsrganScale): Promise<EsrganPeer | null> {
  const packageName = `@upscalerjs/esrgan-${variant}`;
  const dir = packageDir(packageName);
  if (!dir) {
    console.log(`ESRGAN ${variant} ×${scale} skipped: ${packageName} is not installed (a dev dependency)`);
    return null;
  }
  const modelPath = join(dir, 'models', `x${scale}`, 'model.json');
  if (!existsSync(modelPath)) {
    console.log(`ESRGAN ${variant} ×${scale} skipped: ${modelPath} is missing`);
    return null;
  }
  const { version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string };
  const model = await tf.loadLayersModel(fileHandler(modelPath));
  return {
    packageName,
    packageVersion: version,
    variant,
    scale,
    modelPath,
    async upscale(rgb, width, height, options = {}) {
      if (rgb.length !== width * height * 3)
        throw new RangeError(`rgb must hold ${width}×${height}×3 bytes, got ${rgb.length}`);
      const W = width * scale;
      const H = height * scale;
      if (options.tile === undefined && W * H <= WHOLE_IMAGE_OUTPUT_PIXELS)
        return Uint8Array.from(await runModel(model, rgb, width, height));
      const tile = options.tile ?? DEFAULT_TILE;
      if (!Number.isInteger(tile) || tile < 1)
        throw new RangeError(`tile must be a positive integer, got ${tile}`);
      const out = new Uint8Array(W * H * 3);
      for (let ty = 0; ty < height; ty += tile) {
        for (let tx = 0; tx < width; tx += tile) {
          const [x0, y0] = [Math.max(0, tx - TILE_MARGIN), Math.max(0, ty - TILE_MARGIN)];
          const x1 = Math.min(width, tx + tile + TILE_MARGIN);
          const y1 = Math.min(height, ty + tile + TILE_MARGIN);
          const tw = x1 - x0;
          const block = await runModel(model, crop(rgb, width, x0, y0, tw, y1 - y0), tw, y1 - y0);
          // Keep the tile's own block [tx, tx+tile) × [ty, ty+tile), in output pixels.
          const keepW = (Math.min(width, tx + tile) - tx) * scale;
          const keepH = (Math.min(height, ty + tile) - ty) * scale;
          const [ox, oy] = [(tx - x0) * scale, (ty - y0) * scale];
          for (let y = 0; y < keepH; y++) {
            const from = ((oy + y) * tw * scale + ox) * 3;
            out.set(block.subarray(from, from + keepW * 3), ((ty * scale + y) * W + tx * scale) * 3);
          }
        }
      }
      return out;
    },
    dispose() {
      model.dispose();
    },
  };
}
