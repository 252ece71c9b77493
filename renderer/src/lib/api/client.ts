import type { AnpApi } from '../../../../app/api/contract.js';
import { electronBridge } from './bridge.js';
import { electronApi } from './electron.js';
import { httpApi, takeToken } from './http.js';

export type Binding = 'electron' | 'browser';

/** The API for whichever host loaded the page: Electron's preload if present, else the web host. */
export function createApi(): { api: AnpApi; binding: Binding } {
  const bridge = electronBridge();
  if (bridge) return { api: electronApi(bridge), binding: 'electron' };
  return { api: httpApi(takeToken()), binding: 'browser' };
}
