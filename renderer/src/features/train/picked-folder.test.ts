import { describe, expect, it } from 'vitest';
import { isPhotoFile, pickedFolderSummary } from './picked-folder.js';

/** A file as a folder pick gives it: its path below the picked folder's parent. */
function picked(path: string, type: string): File {
  const file = new File([new Uint8Array(1)], path.split('/').pop()!, { type });
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('a folder picked in the page', () => {
  it('reads as its photos and its name, not as a file control', () => {
    const files = [
      picked('holiday/a.jpg', 'image/jpeg'),
      picked('holiday/b.heic', ''),
      picked('holiday/notes.txt', 'text/plain'),
    ];
    expect(files.map(isPhotoFile)).toEqual([true, true, false]);
    expect(pickedFolderSummary(files)).toBe('2 photos in holiday');
    expect(pickedFolderSummary(files.slice(0, 1))).toBe('1 photo in holiday');
    expect(pickedFolderSummary(files.slice(2))).toBe('No photos in holiday');
    expect(pickedFolderSummary([])).toBeNull();
  });
});
