import type { AnpApi, ApiArgs, ApiEvent, ApiMethod, ApiResults } from '../../../../app/api/contract.js';
import { EngineError, toEngineError } from './errors.js';

const TOKEN_KEY = 'anp.token';

/** Where a tab without a valid token is sent: a page saying where the address with the token is. */
export const ACCESS_PAGE = './access.html';

/**
 * The session token: taken from `#token=…` on first load, then kept in sessionStorage and removed from
 * the address bar so it is not bookmarked or shown.
 */
export function takeToken(loc: Location = location, storage: Storage = sessionStorage): string {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

/** Leaves the app for the access page, forgetting a token the host refused (one of an earlier launch). */
export function showAccessPage(loc: Location = location, storage: Storage = sessionStorage): void {
  storage.removeItem(TOKEN_KEY);
  loc.replace(ACCESS_PAGE);
}

/** Streams a file to the web host (`POST /api/upload`) and returns the id `openImage` takes. */
export async function uploadFile(file: File, token = takeToken(), base = ''): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Anp-Token': token },
      body: file,
    });
  } catch {
    throw new EngineError('NETWORK', 'the ANP Studio engine is not reachable; is `anp serve` running?');
  }
  const body = (await response.json().catch(() => null)) as Envelope<{ uploadId: string }> | null;
  if (body?.ok) return body.result.uploadId;
  throw toEngineError(body?.error as never, `uploading ${file.name} failed (HTTP ${response.status})`);
}

type Envelope<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/**
 * The same API over the local web host: POST /api/call/<method>, events from /api/events (SSE).
 * `onRefused` runs when the host refuses the token (HTTP 401).
 */
export function httpApi(token: string, onRefused: () => void, base = ''): AnpApi {
  return {
    async call<M extends ApiMethod>(method: M, args: ApiArgs[M]): Promise<ApiResults[M]> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Anp-Token': token },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        throw new EngineError('NETWORK', 'the ANP Studio engine is not reachable; is `anp serve` running?');
      }
      if (response.status === 401) onRefused();
      let body: Envelope<ApiResults[M]>;
      try {
        body = (await response.json()) as Envelope<ApiResults[M]>;
      } catch {
        throw new EngineError('INTERNAL', `${method}: the engine answered HTTP ${response.status}`);
      }
      if (body.ok) return body.result;
      throw toEngineError(body.error as never, `${method} failed`);
    },
    onEvent(listener: (event: ApiEvent) => void): () => void {
      const source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          listener(JSON.parse(message.data) as ApiEvent);
        } catch {
          // A malformed event is skipped; the job still ends with its own result or error event.
        }
      };
      return () => source.close();
    },
  };
}
