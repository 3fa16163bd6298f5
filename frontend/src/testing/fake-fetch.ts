import { API_BODIES, API_RESPONSES, apiBodyRoute } from '@multpanel/contracts';
import { vi } from 'vitest';
import { responseCheckOf } from './unchecked-responses';

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

/**
 * Request bodies the API would refuse and canned answers the API would never give, collected across
 * a test; setup-tests fails the test when any is left. The double checks each body against the
 * contract schema the API validates it with (API_BODIES, proven equal to the controllers' by the
 * backend's api-bodies agreement spec) and each 2xx answer it serves against the route's response
 * schema (API_RESPONSES, parsed against the real API's answers by the backend's api-responses
 * agreement spec) in every test file. A route with no response schema must be listed, with a reason
 * (204, a PDF, a route that would touch the checkout under test), in UNCHECKED_RESPONSES.
 */
const contractViolations: string[] = [];

/** Returns and clears the violations recorded since the last call. */
export function takeContractViolations(): string[] {
  return contractViolations.splice(0);
}

/** The 400 the API's validation pipe would answer, or null when the body satisfies the contract. */
function checkBody(req: FakeRequest): FakeResponse | null {
  const apiPath = req.path.replace(/^\/api(?=\/)/, '');
  const route = apiBodyRoute(req.method, apiPath);
  if (!route) return null;
  const result = API_BODIES[route].safeParse(req.body);
  if (result.success) return null;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  contractViolations.push(`${req.method} ${req.path} (${route}): ${issues.join('; ')}`);
  return {
    status: 400,
    body: { statusCode: 400, code: 'VALIDATION_FAILED', message: issues.join('; ') },
  };
}

/** Records a violation when a 2xx answer does not parse with its route's response schema. */
function checkAnswer(req: FakeRequest, apiPath: string, answer: FakeResponse): void {
  const status = answer.status ?? 200;
  if (status < 200 || status > 299 || status === 204 || answer.text !== undefined) return;
  const check = responseCheckOf(req.method, apiPath);
  if (check === 'missing') {
    contractViolations.push(
      `${req.method} ${req.path}: no response schema; add one to contracts API_RESPONSES ` +
        '(or, with a reason, to UNCHECKED_RESPONSES in testing/unchecked-responses.ts)',
    );
    return;
  }
  if (!('schema' in check)) return;
  const route = check.schema;
  const result = API_RESPONSES[route].safeParse(answer.body);
  if (result.success) return;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  contractViolations.push(
    `${req.method} ${req.path} (${route}) answered what the API never does: ${issues.join('; ')}`,
  );
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * A tiny stand-in for the API at the network edge: handlers keyed by "METHOD /api/path".
 * Every request is recorded; an unknown route answers 404 with the platform's error body, a body
 * the API's contract schema refuses answers 400 and fails the test, and so does a canned 2xx answer
 * its route's response schema refuses (see takeContractViolations).
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
    const apiPath = req.path.replace(/^\/api(?=\/)/, '');
    const refused = checkBody(req);
    const answer: FakeResponse = refused
      ? refused
      : !route
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
    if (route && !refused) checkAnswer(req, apiPath, answer);
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
