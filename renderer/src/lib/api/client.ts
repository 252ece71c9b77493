import type { AnpApi } from '../../../../app/api/contract.js';
import { electronBridge } from './bridge.js';
import { confirmingCosts } from './confirm-cost.js';
import { relayCompute } from './compute-relay.js';
import { electronApi } from './electron.js';
import { httpApi, showAccessPage, takeToken } from './http.js';

export type Binding = 'electron' | 'browser';

/** The API for whichever host loaded the page: Electron's preload if present, else the web host. */
export function createApi(): { api: AnpApi; binding: Binding } {
  const bridge = electronBridge();
  const ask = (question: string) => window.confirm(question);
  if (bridge) return { api: confirmingCosts(electronApi(bridge), ask), binding: 'electron' };
  const token = takeToken();
  const http = httpApi(token, () => showAccessPage());
  relayCompute(token);
  return { api: confirmingCosts(http, ask), binding: 'browser' };
}
