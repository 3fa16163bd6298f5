import { appConfig } from '@/config/app-config';
import { SESSION_HINT_COOKIE } from '@multpanel/contracts/session-hint';
import { ApiError, toApiError } from './api-error';
import { sessionStore, type SessionPayload } from './session-store';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** false for public endpoints: no bearer header and no refresh-and-retry on 401. */
  auth?: boolean;
  /** Non-2xx statuses whose JSON body is still a valid answer (health answers 503 with a body). */
  acceptStatus?: number[];
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  /** A file sent as the raw request body with its own type (uploads), instead of JSON. */
  file?: Blob;
}

const REFRESH_PATH = '/auth/refresh';

/** Builds `/api/<path>?query`, dropping empty values so URLs stay clean. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${appConfig.apiBase}${path}${qs ? `?${qs}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function send(
  path: string,
  options: RequestOptions,
  token: string | null,
): Promise<Response> {
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    // Marks the call as script-made; the API's CSRF check on cookie endpoints can rely on it.
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file) headers['Content-Type'] = options.file.type || 'application/octet-stream';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      statusCode: 0,
      code: 'NETWORK_ERROR',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  }
}

/** Whether the API has set its session hint cookie (see contracts/src/session-hint.ts). */
export const hasSessionHint = (): boolean =>
  document.cookie.split(';').some((c) => c.trim().startsWith(`${SESSION_HINT_COOKIE}=1`));

let refreshInFlight: Promise<SessionPayload | null> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request, because
 * the API rotates the refresh token and a second parallel use would look like token reuse.
 */
export function refreshSession(): Promise<SessionPayload | null> {
  refreshInFlight ??= (async () => {
    try {
      const response = await send(REFRESH_PATH, { method: 'POST', auth: false }, null);
      if (!response.ok) return null;
      const payload = (await readBody(response)) as SessionPayload | undefined;
      if (!payload || payload.status !== 'ok') return null;
      sessionStore.setSession(payload);
      return payload;
    } catch {
      return null;
    } finally {
      refreshInFlight = null;
    }
  })();
  return refreshInFlight;
}

/** Sends with the bearer token and, on 401, refreshes once and retries; returns the raw response. */
async function authorizedResponse(path: string, options: RequestOptions): Promise<Response> {
  const useAuth = options.auth !== false;
  let response = await send(path, options, useAuth ? sessionStore.accessToken() : null);

  if (response.status === 401 && useAuth) {
    const refreshed = await refreshSession();
    if (refreshed) {
      response = await send(path, options, refreshed.accessToken);
    }
    if (!refreshed || response.status === 401) {
      sessionStore.clear('expired');
    }
  }
  return response;
}

/**
 * The one fetch wrapper: JSON in and out, bearer token attached, one refresh-and-retry on 401,
 * every failure turned into an ApiError carrying the server's code.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await authorizedResponse(path, options);
  const body = await readBody(response);
  if (response.ok || options.acceptStatus?.includes(response.status)) return body as T;
  throw toApiError(response.status, body);
}

/**
 * Downloads a file with the same auth handling. A plain link would not carry the bearer token
 * (the refresh cookie is scoped to /api/auth), so exports go through here.
 */
export async function apiDownload(path: string, query?: Record<string, QueryValue>): Promise<Blob> {
  const response = await authorizedResponse(path, { method: 'GET', query });
  if (!response.ok) throw toApiError(response.status, await readBody(response));
  return response.blob();
}

/**
 * A streamed GET (text/event-stream) with the same auth handling; the caller reads `body` and
 * aborts `signal` to close it. A refusal before the stream opens is an ApiError.
 */
export async function apiStream(
  path: string,
  query: Record<string, QueryValue> | undefined,
  signal: AbortSignal,
): Promise<Response> {
  const response = await authorizedResponse(path, { method: 'GET', query, signal });
  if (!response.ok) throw toApiError(response.status, await readBody(response));
  return response;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
  /** Sends a file as the raw body (Content-Type: the file's type); POST unless `method` says PUT. */
  upload: <T>(path: string, file: Blob, options?: Omit<RequestOptions, 'body' | 'file'>) =>
    apiRequest<T>(path, { method: 'POST', ...options, file }),
};

/** Paged list answer shared by every list endpoint. */
export type { Paged } from '@multpanel/contracts';
