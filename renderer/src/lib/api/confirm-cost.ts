import type { AnpApi, ApiArgs, ApiMethod, ApiResults } from '../../../../app/api/contract.js';
import { describeError } from './errors.js';

/**
 * Jobs whose estimated memory or tile count is past the engine's limits are refused with
 * NEEDS_CONFIRMATION; this asks the user once and, if they agree, repeats the call confirmed.
 */
export function confirmingCosts(api: AnpApi, ask: (question: string) => boolean): AnpApi {
  return {
    async call<M extends ApiMethod>(method: M, args: ApiArgs[M]): Promise<ApiResults[M]> {
      try {
        return await api.call(method, args);
      } catch (err) {
        const { code, message } = describeError(err);
        const confirmable = method === 'upscale' || method === 'inpaint';
        if (code !== 'NEEDS_CONFIRMATION' || !confirmable || !ask(`${message}.`)) throw err;
        return api.call(method, { ...args, confirm: true });
      }
    },
    onEvent: (listener) => api.onEvent(listener),
  };
}
