/**
 * Browser mode's "save as": the page gets an export's bytes and saves them itself. Where the File
 * System Access API exists the user picks the place first (while the click still counts as a user
 * gesture); elsewhere the bytes become a download.
 */

export interface SaveTarget {
  /** The file name the user will find. */
  name: string;
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
}

interface FileHandle {
  name: string;
  createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }>;
}
type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileHandle>;

/** Where to save `name`, or null when the user cancelled the picker. */
export async function chooseSaveTarget(
  name: string,
  mime: string,
  scope: { showSaveFilePicker?: SaveFilePicker; document?: Document } = globalThis,
): Promise<SaveTarget | null> {
  const picker = scope.showSaveFilePicker;
  if (!picker)
    return { name, write: async (bytes) => download(scope.document ?? document, bytes, name, mime) };
  const extension = name.slice(name.lastIndexOf('.'));
  let handle: FileHandle;
  try {
    handle = await picker({
      suggestedName: name,
      types: [{ description: mime, accept: { [mime]: [extension] } }],
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') return null;
    throw err;
  }
  return {
    name: handle.name,
    async write(bytes) {
      const writable = await handle.createWritable();
      await writable.write(new Blob([bytes], { type: mime }));
      await writable.close();
    },
  };
}

function download(doc: Document, bytes: Uint8Array<ArrayBuffer>, name: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
