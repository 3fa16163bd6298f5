import { API_RESPONSES, apiResponseRoute, type ApiResponseRoute } from '@multpanel/contracts';
import type { Response } from 'supertest';

/**
 * Asserts that a real API answer is a 2xx that parses with contracts' response schema of `route`
 * (API_RESPONSES), the schema the SPA's test double checks its canned answers with; and that the
 * request really hit that route. Feature suites call it where they already have the estate a route
 * needs (a firewall, an ESXi source); api-responses-agreement checks every route is called so.
 * Returns the body for further assertions.
 */
export function expectApiResponse(route: ApiResponseRoute, res: Response): unknown {
  const req = (res as unknown as { req?: { method?: string; path?: string } }).req;
  const method = req?.method ?? '?';
  const path = (req?.path ?? '').replace(/^\/api/, '').replace(/\?.*$/, '');
  const problems: string[] = [];
  const hit = apiResponseRoute(method, path);
  if (hit !== route)
    problems.push(`${method} ${path} resolves to ${hit ?? 'no route'}, not ${route}`);
  if (res.status < 200 || res.status > 299) {
    problems.push(`answered ${res.status} ${JSON.stringify(res.body)}`);
  } else {
    const result = API_RESPONSES[route].safeParse(res.body);
    if (!result.success)
      problems.push(
        ...result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
      );
  }
  if (problems.length > 0)
    throw new Error(
      `${route}: the answer does not fit its response schema\n  ${problems.join('\n  ')}`,
    );
  return res.body;
}
