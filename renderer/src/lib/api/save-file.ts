/**
 * Browser mode's saving: the page gets an export's bytes and saves them itself. An export is a
 * download (dependable in every browser, headless ones included); "Save as…" lets the user pick the
 * place first where the File System Access API exists (while the click still counts as a gesture).
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

export interface SaveScope {
  showSaveFilePicker?: SaveFilePicker;
  document?: Document;
}

/** Whether the browser can ask where to save ("Save as…"). */
export function canPickSaveTarget(scope: SaveScope = globalThis): boolean {
  return typeof scope.showSaveFilePicker === 'function';
}

/** A download of `name`: the browser's downloads folder, no question asked. */
export function downloadTarget(name: string, mime: string, scope: SaveScope = globalThis): SaveTarget {
  return { name, write: async (bytes) => download(scope.document ?? document, bytes, name, mime) };
}

/**
 * Where to save `name`: with `pick` (the user's "Save as…") the file picker where there is one, else
 * a download. Null when the user cancelled the picker.
 */
export async function chooseSaveTarget(
  name: string,
  mime: string,
  pick: boolean,
  scope: SaveScope = globalThis,
): Promise<SaveTarget | null> {
  const picker = scope.showSaveFilePicker;
  if (!pick || !picker) return downloadTarget(name, mime, scope);
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
