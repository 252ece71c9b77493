/** Where the 100 % preview of an upscale lies: a box of output pixels, and its outline on the photo. */

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Size {
  x: number;
  y: number;
}

/** The preview's side in output pixels: what the loupe shows at 100 % beside the photo. */
export const PREVIEW_SIDE = 256;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The output region of PREVIEW_SIDE² (less where the output is smaller) centred on the photo's point
 * `centre` (image pixels), moved inside the output.
 */
export function previewRegion(source: Size, target: Size, centre: readonly [number, number]): Box {
  const width = Math.min(PREVIEW_SIDE, target.width);
  const height = Math.min(PREVIEW_SIDE, target.height);
  const cx = (centre[0] * target.width) / source.width;
  const cy = (centre[1] * target.height) / source.height;
  return {
    x: clamp(Math.round(cx - width / 2), 0, target.width - width),
    y: clamp(Math.round(cy - height / 2), 0, target.height - height),
    width,
    height,
  };
}

/** An output region's place on the photo, in image pixels. */
export function sourceBox(region: Box, source: Size, target: Size): Box {
  const sx = source.width / target.width;
  const sy = source.height / target.height;
  return { x: region.x * sx, y: region.y * sy, width: region.width * sx, height: region.height * sy };
}
