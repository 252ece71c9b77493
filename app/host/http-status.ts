import type { ApiErrorCode, ApiErrorShape } from '../api/contract.js';

/** The HTTP status that goes with each API error code. */
export const STATUS_OF: Record<ApiErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNSUPPORTED_IMAGE: 400,
  CORRUPT_IMAGE: 400,
  IMAGE_TOO_LARGE: 413,
  NOT_FOUND: 404,
  FILE_EXISTS: 409,
  CANCELLED: 409,
  NEEDS_CONFIRMATION: 409,
  IO_ERROR: 500,
  MODEL_ERROR: 500,
  INTERNAL: 500,
};

/** An error answered with its own HTTP status (the guards' 401/403, 405, 413, 415). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly shape: ApiErrorShape,
  ) {
    super(shape.message);
  }
}
