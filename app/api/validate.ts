import type { ApiMethod, ApiParsedArgs } from './contract.js';
import { apiSchemas } from './contract.js';
import { ApiError } from './errors.js';

/** Validates one call's argument against its schema; throws INVALID_ARGUMENT naming the bad field. */
export function validateArgs<M extends ApiMethod>(method: M, args: unknown): ApiParsedArgs[M] {
  if (!isApiMethod(method)) throw new ApiError('INVALID_ARGUMENT', `unknown method: ${String(method)}`);
  const result = apiSchemas[method].safeParse(args ?? {});
  if (result.success) return result.data as ApiParsedArgs[M];
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : 'argument';
  throw new ApiError('INVALID_ARGUMENT', `${method}: ${where} ${issue?.message ?? 'is invalid'}`);
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiSchemas, name);
}
