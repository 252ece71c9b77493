/**
 * A browser tab that reaches the host without the access token (an API address opened as a page) is
 * sent to the renderer's access page, which says where the address with the token is, rather than
 * shown the JSON refusal that the app's own calls get.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const ACCESS_PAGE_PATH = '/access.html';

/** Whether the browser asked for a page to show (a navigation), not the app's fetch or event stream. */
export function isPageRequest(headers: IncomingHttpHeaders): boolean {
  return headers['sec-fetch-dest'] === 'document' || /\btext\/html\b/i.test(headers.accept ?? '');
}
