/** The photos training never saw: the training split's held-out files (hash of the file name). */
import { join } from 'node:path';
import { heldOutNames, listFiles } from '../data/photo-folder.js';

const PHOTO = /\.(jpe?g|png|webp|tiff?|avif|heic|heif|gif|jxl)$/i;
/** The share the photo-folder loader holds out by default. */
const HELD_OUT_FRACTION = 0.1;

export async function heldOutPhotos(folder: string, fraction = HELD_OUT_FRACTION): Promise<string[]> {
  const names = (await listFiles(folder)).filter((name) => PHOTO.test(name));
  const held = heldOutNames(names, fraction);
  return names.filter((name) => held.has(name)).map((name) => join(folder, name));
}
