import type { Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components } from './schema';

/** The Multpanel REST API, typed by route: `client.GET('/api/vms/{id}', { params: { path: { id } } })`. */
export type MultpanelClient = Client<paths>;

export function createMultpanelClient(options: {
  baseUrl: string;
  /** An API key (`mpk_…`) or an access token; sent as a bearer token. */
  apiKey?: string;
  token?: string;
  fetch?: typeof fetch;
}): MultpanelClient;

export function describeError(error: unknown, response: Response): string;
