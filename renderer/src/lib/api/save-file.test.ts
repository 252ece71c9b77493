import { describe, expect, it, vi } from 'vitest';
import { canPickSaveTarget, chooseSaveTarget } from './save-file.js';

/** A document whose links record the downloads they were clicked for. */
function fakeDocument(downloads: string[]) {
  return {
    createElement: () => ({
      href: '',
      download: '',
      click(this: { download: string }) {
        downloads.push(this.download);
      },
    }),
  } as unknown as Document;
}

describe('chooseSaveTarget', () => {
  it('downloads without asking, even where the save picker exists', async () => {
    const downloads: string[] = [];
    const showSaveFilePicker = vi.fn(() => new Promise<never>(() => undefined));
    const scope = { showSaveFilePicker, document: fakeDocument(downloads) };
    expect(canPickSaveTarget(scope)).toBe(true);
    const target = await chooseSaveTarget('a.png', 'image/png', false, scope);
    await target?.write(new Uint8Array([1, 2, 3]));
    expect(showSaveFilePicker).not.toHaveBeenCalled();
    expect(downloads).toEqual(['a.png']);
  });

  it('asks where with "Save as…", and a cancelled picker saves nothing', async () => {
    const showSaveFilePicker = vi.fn(() => Promise.reject(new DOMException('no', 'AbortError')));
    expect(await chooseSaveTarget('a.png', 'image/png', true, { showSaveFilePicker })).toBeNull();
    expect(showSaveFilePicker).toHaveBeenCalledOnce();
    expect(canPickSaveTarget({})).toBe(false);
  });
});
