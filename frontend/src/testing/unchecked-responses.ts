import { API_RESPONSES, apiRouteOf, type ApiResponseRoute } from '@multpanel/contracts';

/**
 * Routes the test double serves whose answers are not yet checked, because contracts/ has no response
 * schema for them yet ("METHOD /path/:param" → why). This list only shrinks: give a route a schema in
 * contracts' API_RESPONSES (and a case in the backend's api-responses agreement suite), then delete
 * its line here; unchecked-responses.test.ts fails on a line whose route has a schema already.
 */
export const UNCHECKED_RESPONSES: Record<string, string> = {
  'GET /a': 'made up by api-client.test, not an API route',
  'POST /auth/logout': '204, no body',
  'POST /auth/password/forgot': '204, no body',
  'POST /auth/password/reset': '204, no body',
  'DELETE /auth/sessions/:id': '204, no body',
  'POST /auth/totp/disable': '204, no body',
  'GET /b': 'made up by api-client.test, not an API route',
  'DELETE /clusters/:id': '204, no body',
  'DELETE /companies/:id/ticket-sla': '204, no body',
  'DELETE /notification-channels/:id': '204 No Content: no body to check',
  'GET /proxy': 'made up by api-client.test, not an API route',
  'GET /restore-tests/report.pdf': 'a PDF, not JSON',
  'GET /system/updates/changelog/:id':
    '2xx fetches tags into the git checkout under test; scripts/update update-flow test',
  'GET /system/updates/check':
    '2xx fetches tags into the git checkout under test; scripts/update update-flow test',
  'POST /system/updates/execute':
    '2xx updates the git checkout under test; scripts/update update-flow test runs it',
  'GET /things': 'made up by api-client.test, not an API route',
  'POST /things': 'made up by api-client.test, not an API route',
};

const keys = [...Object.keys(API_RESPONSES), ...Object.keys(UNCHECKED_RESPONSES)];

/**
 * How the double checks a 2xx answer of a concrete request: against the schema of the API_RESPONSES
 * route it hits, not at all for a listed route, or `missing`. Both lists compete, so a literal
 * route here (GET /tickets/assignees) wins over a parameter there (GET /tickets/:id).
 */
export function responseCheckOf(
  method: string,
  path: string,
): { schema: ApiResponseRoute } | { unchecked: string } | 'missing' {
  const key = apiRouteOf(keys, method, path);
  if (key === null) return 'missing';
  return key in API_RESPONSES ? { schema: key as ApiResponseRoute } : { unchecked: key };
}
