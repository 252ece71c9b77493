import type { AnpApi } from '../../../../app/api/contract.js';
import { imagesOf, type OpenPhoto } from './workspace.svelte.js';

/** The saved photos whose every image (as opened, and each in its history) the engine still holds. */
export async function photosStillHeld(api: AnpApi, photos: readonly OpenPhoto[]): Promise<OpenPhoto[]> {
  const held = new Map<string, Promise<boolean>>();
  const holds = (id: string): Promise<boolean> => {
    let answer = held.get(id);
    if (!answer) {
      answer = api.call('imageInfo', { id }).then(
        () => true,
        () => false,
      );
      held.set(id, answer);
    }
    return answer;
  };
  const kept: OpenPhoto[] = [];
  for (const photo of photos) {
    const ids = [photo.original.id, ...(photo.session ? imagesOf(photo.session) : [])];
    if ((await Promise.all(ids.map(holds))).every(Boolean)) kept.push(photo);
  }
  return kept;
}
