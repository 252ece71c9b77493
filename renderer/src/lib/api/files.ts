import type { ApiArgs } from '../../../../app/api/contract.js';
import { electronBridge } from './bridge.js';
import { uploadFile } from './http.js';

/**
 * How one file the user picked or dropped is sent to `openImage`: a real path in Electron (bytes for a
 * file that has none), and in the browser a streamed upload to the web host.
 */
export async function openArgsForFile(file: File): Promise<ApiArgs['openImage']> {
  const name = file.name || 'image';
  const bridge = electronBridge();
  if (!bridge) return { kind: 'upload', uploadId: await uploadFile(file), name };
  const path = await bridge.pathForFile(file);
  if (path) return { kind: 'path', path };
  return { kind: 'bytes', name, dataBase64: await readBase64(file) };
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}
