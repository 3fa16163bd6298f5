// @ts-check
// The typed Multpanel API client: openapi-fetch over the paths in schema.d.ts, which is generated from
// the API's own OpenAPI document (`npm run client:generate`; a backend test fails when it drifts).
import createClient from 'openapi-fetch';

/**
 * @param {{ baseUrl: string, apiKey?: string, token?: string, fetch?: typeof fetch }} options
 * @returns {import('./index.js').MultpanelClient}
 */
export function createMultpanelClient({ baseUrl, apiKey, token, fetch: fetchImpl }) {
  const client = createClient({ baseUrl: baseUrl.replace(/\/+$/, ''), fetch: fetchImpl });
  const bearer = apiKey ?? token;
  if (bearer) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${bearer}`);
        return request;
      },
    });
  }
  return /** @type {import('./index.js').MultpanelClient} */ (client);
}

/** An API error answer as one readable line (the API's `message` and `code` when it sent them). */
export function describeError(/** @type {unknown} */ error, /** @type {Response} */ response) {
  const body = /** @type {{ message?: unknown, code?: unknown }} */ (error ?? {});
  const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  return `${response.status} ${message ?? response.statusText}${body.code ? ` (${body.code})` : ''}`;
}
