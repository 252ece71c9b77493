/**
 * A way to send requests to a browser compute Worker and get its answers: the browser-mode tab
 * (through the web host), Electron's hidden compute window (through main), or a headless Chromium.
 */
import type { PageComputeRequest, PageComputeValues } from './page-protocol.js';

/** A request without its id: the channel numbers them. */
export type PageRequestBody = PageComputeRequest extends infer R
  ? R extends PageComputeRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface PageChannel {
  request<T extends PageRequestBody>(body: T): Promise<PageComputeValues[T['type']]>;
}
