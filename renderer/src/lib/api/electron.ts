import type { AnpApi, ApiArgs, ApiMethod, ApiResults } from '../../../../app/api/contract.js';
import type { AnpBridge } from './bridge.js';
import { describeError, EngineError } from './errors.js';

/** The API over Electron IPC; the preload validates nothing, main does. */
export function electronApi(bridge: AnpBridge): AnpApi {
  return {
    async call<M extends ApiMethod>(method: M, args: ApiArgs[M]): Promise<ApiResults[M]> {
      try {
        return (await bridge.call(method, args ?? {})) as ApiResults[M];
      } catch (err) {
        const { code, message } = describeError(err);
        throw new EngineError(code as EngineError['code'], message);
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
