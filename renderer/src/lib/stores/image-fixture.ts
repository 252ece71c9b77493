import type { ImageInfo } from '../../../../app/api/contract.js';

/** A made-up 10×10 PNG's info for store tests: `image('a')` is `a.png` with id `img_axxxxx`. */
export const image = (id: string): ImageInfo => ({
  id: `img_${id.padEnd(6, 'x')}`,
  name: `${id}.png`,
  width: 10,
  height: 10,
  format: 'png',
  channels: 3,
  hasAlpha: false,
  bitDepth: 8,
  orientation: 1,
  sizeBytes: 100,
});
