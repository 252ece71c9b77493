/**
 * The renderer is served from app://anp/ (a privileged standard + secure scheme), never file://, so
 * it has a real origin, the CSP applies, and nothing outside dist/renderer can be read.
 */
import { SECURITY_HEADERS } from '../app/util/security-headers.js';
import { readStaticFile } from '../app/util/static-files.js';
import { APP_HOST, APP_SCHEME } from './channels.js';

/** Passed to protocol.registerSchemesAsPrivileged before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

/** Answers one app:// request from the built renderer folder. */
export async function handleAppRequest(
  rendererDir: string,
  request: { url: string; method: string },
): Promise<Response> {
  const url = new URL(request.url);
  const headers = { ...SECURITY_HEADERS };
  if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return new Response('not found', { status: 404, headers });
  }
  const file = await readStaticFile(rendererDir, url.pathname);
  if (!file) return new Response('not found', { status: 404, headers });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...headers, 'Content-Type': file.contentType },
  });
}
