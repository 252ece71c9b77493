import type { ApiMethod, ApiParsedArgs } from './contract.js';
import { apiSchemas } from './contract.js';
import { ApiError } from './errors.js';

/** Validates one call's argument against its schema; throws INVALID_ARGUMENT naming the bad field. */
export function validateArgs<M extends ApiMethod>(method: M, args: unknown): ApiParsedArgs[M] {
  if (!isApiMethod(method)) throw new ApiError('INVALID_ARGUMENT', `unknown method: ${String(method)}`);
  checkNesting(method, args);
  const result = apiSchemas[method].safeParse(args ?? {});
  if (result.success) return result.data as ApiParsedArgs[M];
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : 'argument';
  throw new ApiError('INVALID_ARGUMENT', `${method}: ${where} ${issue?.message ?? 'is invalid'}`);
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiSchemas, name);
}

/** The deepest nesting of arrays and objects a call may have; the deepest real argument (a mask's points) has 5. */
export const MAX_ARG_DEPTH = 32;

/**
 * Refuses arguments nested deeper than MAX_ARG_DEPTH, counted without recursion: JSON.parse reads
 * any depth, but serialising such a value to the engine process (and schema checks) would run out of
 * stack ("Maximum call stack size exceeded") and answer INTERNAL.
 */
export function checkNesting(method: string, args: unknown): void {
  const stack: [unknown, number][] = [[args, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_ARG_DEPTH) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${method}: the argument is nested deeper than ${MAX_ARG_DEPTH} levels`,
      );
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
