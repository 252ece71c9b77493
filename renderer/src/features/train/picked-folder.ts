/** A folder picked in the page (browser mode): which of its files are uploaded, and how it reads. */

/** Files the engine may read as photos; the others of the folder are not uploaded. */
export const isPhotoFile = (file: File): boolean => !file.type || file.type.startsWith('image/');

/** "12 photos in holiday" for the picked files, or null before a folder is picked. */
export function pickedFolderSummary(files: readonly File[]): string | null {
  if (files.length === 0) return null;
  const folder = files[0]!.webkitRelativePath.split('/')[0] || 'the folder';
  const photos = files.filter(isPhotoFile).length;
  const count =
    photos === 0 ? 'No photos' : photos === 1 ? '1 photo' : `${photos.toLocaleString('en-US')} photos`;
  return `${count} in ${folder}`;
}
