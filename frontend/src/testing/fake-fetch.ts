import { vi } from 'vitest';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
  /** Raw text instead of JSON (e.g. CSV). */
  text?: string;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * A tiny stand-in for the API at the network edge: handlers keyed by "METHOD /api/path".
 * Every request is recorded; an unknown route answers 404 with the platform's error body.
 */
export function installFakeFetch(routes: Record<string, FakeHandler | FakeResponse>) {
  const calls: FakeRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const req: FakeRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(req);
    const route = routes[`${req.method} ${req.path}`];
    const answer: FakeResponse = !route
      ? {
          status: 404,
          body: {
            statusCode: 404,
            code: 'NOT_FOUND',
            message: `No fake for ${req.method} ${req.path}`,
          },
        }
      : typeof route === 'function'
        ? await route(req)
        : route;
    const status = answer.status ?? 200;
    const payload = answer.text ?? (answer.body === undefined ? null : JSON.stringify(answer.body));
    return new Response(status === 204 ? null : payload, {
      status,
      headers: { 'Content-Type': answer.text ? 'text/csv' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    fetchMock,
    callsTo: (method: string, path: string) =>
      calls.filter((c) => c.method === method && c.path === path),
  };
}
