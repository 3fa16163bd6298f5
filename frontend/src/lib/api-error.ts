import type { ErrorBody } from '@multpanel/contracts';

/** Error body every API 4xx/5xx answers with (see the platform contract). */
export type ApiErrorBody = ErrorBody;

/** A failed API call, carrying the server's coded error so screens can react to `code`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly errorId?: string;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.code = body.code;
    this.details = body.details;
    this.errorId = body.errorId;
  }

  /** Per-field messages from a VALIDATION_FAILED answer, when the server sent them. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const details = this.details;
    const list: unknown[] = Array.isArray(details)
      ? details
      : details &&
          typeof details === 'object' &&
          Array.isArray((details as { issues?: unknown }).issues)
        ? ((details as { issues: unknown[] }).issues ?? [])
        : [];
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const { path, field, message } = item as {
        path?: unknown;
        field?: unknown;
        message?: unknown;
      };
      const key = typeof field === 'string' ? field : Array.isArray(path) ? path.join('.') : '';
      if (key && typeof message === 'string') out[key] = message;
    }
    return out;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

const looksLikeErrorBody = (value: unknown): value is ApiErrorBody =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as ApiErrorBody).code === 'string' &&
  typeof (value as ApiErrorBody).message === 'string';

/** Builds an ApiError from whatever a failed response carried, even a non-JSON proxy page. */
export function toApiError(status: number, payload: unknown): ApiError {
  if (looksLikeErrorBody(payload)) {
    return new ApiError({ ...payload, statusCode: payload.statusCode ?? status });
  }
  const code =
    status === 401
      ? 'UNAUTHENTICATED'
      : status === 403
        ? 'FORBIDDEN'
        : status === 404
          ? 'NOT_FOUND'
          : status === 429
            ? 'RATE_LIMITED'
            : status >= 500
              ? 'INTERNAL'
              : 'HTTP_ERROR';
  return new ApiError({
    statusCode: status,
    code,
    message: `Request failed with status ${status}`,
  });
}
