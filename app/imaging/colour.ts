/**
 * Conversion between an image's stored samples and the model's colours (yDim channels in [0, 1]).
 * Grey images feed a colour model the same value in every channel and take the channels' mean back;
 * alpha never reaches the model.
 */
import { hasAlpha, maxValue, type RasterImage } from './raster.js';
import type { LowResImage } from './superres-features.js';

export function colourChannels(image: Pick<RasterImage, 'channels'>): number {
  return hasAlpha(image) ? image.channels - 1 : image.channels;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The image pixel index of a region's pixel `i` (row-major in the region). */
export function imagePixel(region: Region, i: number, imageWidth: number): number {
  return (region.y + Math.floor(i / region.width)) * imageWidth + region.x + (i % region.width);
}

/** The image (or a region of it) as model colours, [height × width × yDim]. */
export function toModelColours(
  image: RasterImage,
  yDim: number,
  region: Region = { x: 0, y: 0, width: image.width, height: image.height },
): Float32Array {
  const { channels, data } = image;
  const { width, height } = region;
  const colours = colourChannels(image);
  const scale = 1 / maxValue(image.bitDepth);
  const out = new Float32Array(width * height * yDim);
  for (let i = 0; i < width * height; i++) {
    const src = ((region.y + Math.floor(i / width)) * image.width + region.x + (i % width)) * channels;
    if (colours === yDim) {
      for (let c = 0; c < yDim; c++) out[i * yDim + c] = data[src + c]! * scale;
    } else {
      let sum = 0;
      for (let c = 0; c < colours; c++) sum += data[src + c]!;
      const value = (sum / colours) * scale;
      for (let c = 0; c < yDim; c++) out[i * yDim + c] = value;
    }
  }
  return out;
}

/**
 * The image's colours as a model reads them, for tasks that read each pixel a few times (upscaling):
 * the decoded samples themselves where the image has the model's colour channels or one grey channel
 * (no float copy of a 100 MP photo), else a float copy. Colour c of pixel p is
 * `samples[p * stride + c * step] * scale`.
 */
export function colourGrid(image: RasterImage, yDim: number): LowResImage & { yDim: number } {
  const { width, height, channels, data } = image;
  const colours = colourChannels(image);
  if (colours === yDim || colours === 1) {
    const step = colours === yDim ? 1 : 0;
    return {
      width,
      height,
      yDim,
      samples: data,
      stride: channels,
      step,
      scale: 1 / maxValue(image.bitDepth),
    };
  }
  return { width, height, yDim, samples: toModelColours(image, yDim), stride: yDim, step: 1, scale: 1 };
}

/**
 * Writes `count` pixels of model colours (starting at `from`) into interleaved image samples at
 * pixel `to`, rounding and clamping to the image's depth; alpha samples are left untouched.
 */
export function writeModelColours(
  values: Float32Array,
  from: number,
  yDim: number,
  target: { channels: number; bitDepth: 8 | 16; data: Uint8Array | Uint16Array },
  to: number,
  count: number,
): void {
  const colours = colourChannels(target as Pick<RasterImage, 'channels'>);
  const top = maxValue(target.bitDepth);
  for (let k = 0; k < count; k++) {
    const src = (from + k) * yDim;
    const dst = (to + k) * target.channels;
    if (colours === yDim) {
      for (let c = 0; c < yDim; c++) target.data[dst + c] = quantise(values[src + c]!, top);
    } else {
      let sum = 0;
      for (let c = 0; c < yDim; c++) sum += values[src + c]!;
      const value = quantise(sum / yDim, top);
      for (let c = 0; c < colours; c++) target.data[dst + c] = value;
    }
  }
}

function quantise(value: number, top: number): number {
  const v = Math.round(value * top);
  return v < 0 ? 0 : v > top ? top : v;
}
