/** Names of results: the photo's own name plus what was done last, never a pile of suffixes. */

/** The suffixes the engine adds to results; a result of a result drops the earlier one. */
const RESULT_SUFFIX = /-(?:sample\d+|mean|uncertainty|upscaled)$/;

/** `photo-sample1.png` → `photo`; `photo.jpg` → `photo`. */
export function resultStem(name: string): string {
  let stem = name.replace(/\.[^.]+$/, '');
  while (RESULT_SUFFIX.test(stem)) stem = stem.replace(RESULT_SUFFIX, '');
  return stem || 'image';
}
