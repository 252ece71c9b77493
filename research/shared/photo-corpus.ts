import { fileURLToPath } from 'node:url';

/** The shared photo corpus (121 photos, sources and licences beside them). */
export const DEFAULT_PHOTOS = fileURLToPath(new URL('../../../shared/data/photos', import.meta.url));

/**
 * The corpus's held-out photos (the training loader's hash split at 10 %), frozen so that numbers stay
 * comparable across runs and models: the image bench scores on them, the photo-crop experiment tests
 * on them and trains on the rest.
 */
export const HELD_OUT_PHOTOS: readonly string[] = [
  'photo_001.jpg',
  'photo_017.jpg',
  'photo_033.jpg',
  'photo_050.jpg',
  'photo_076.jpg',
  'photo_082.jpg',
  'photo_083.jpg',
  'photo_089.jpg',
  'photo_092.jpg',
  'photo_103.jpg',
  'photo_114.jpg',
];
