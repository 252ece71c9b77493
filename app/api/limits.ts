/**
 * The limits of what the app does, in one place: the contract validates against them, the tasks check
 * them, the CLI and the UI offer and explain them.
 */

/** Upscaling enlarges by a factor from 1 to 16 per side (fractions allowed). */
export const MIN_SCALE = 1;
export const MAX_SCALE = 16;

/**
 * The largest image the app reads, in pixels: 16384 × 16384 (~268 MP) opens and every task takes it;
 * one pixel more is refused (IMAGE_TOO_LARGE) from its header. Every decoder gets it as sharp's
 * `limitInputPixels` (sharp's own default, 16383², would refuse the largest accepted image mid-task).
 */
export const MAX_INPUT_PIXELS = 16384 * 16384;

/** The largest side, in pixels, of any image the app writes (PNG and the decoders' limit). */
export const MAX_SIDE = 65_535;

/** A 100 % preview of an upscale is a region of at most 512 × 512 output pixels: seconds, not minutes. */
export const MAX_PREVIEW_SIDE = 512;

/** Completions draw 1 to 8 samples at once. */
export const MIN_SAMPLES = 1;
export const MAX_SAMPLES = 8;

/**
 * Uploads (browser mode's `POST /api/upload`) waiting to be opened: at most this many at once, and
 * this many bytes in all. The page opens each upload as soon as it has sent it.
 */
export const MAX_PENDING_UPLOADS = 16;
export const MAX_PENDING_UPLOAD_BYTES = 1024 ** 3;
