import { z } from 'zod';
import { pageOf } from './api-response-kit';
import {
  backupRunPageSchema,
  backupSuccessRatePageSchema,
  clusterViewSchema,
  companyDashboardSchema,
  companyQuotaSchema,
  companyViewSchema,
  healthResponseSchema,
  jobPageSchema,
  jobSchema,
  loginResponseSchema,
  maintenanceWindowSchema,
  meResponseSchema,
  notBackedUpPageSchema,
  passwordLoginResponseSchema,
  quotaRequestSchema,
  setupStatusSchema,
  templatePageSchema,
  ticketPageSchema,
  ticketSchema,
  userViewSchema,
  vmDetailSchema,
  vmPageSchema,
} from './api-responses-core';
import { ADMIN_RESPONSES } from './api-responses-admin';
import { GUEST_RESPONSES } from './api-responses-guests';
import { IDENTITY_RESPONSES } from './api-responses-identity';
import { NETWORK_RESPONSES } from './api-responses-network';
import { OPERATIONS_RESPONSES } from './api-responses-operations';
import { WORKLOAD_RESPONSES } from './api-responses-workloads';

export * from './api-responses-core';
export { pageOf } from './api-response-kit';

/**
 * The answer of every route with a response schema, keyed "METHOD /path/:param" like API_BODIES
 * (2xx answers only; errors have the platform's error body). The SPA's test double parses each
 * canned answer it serves with this; the backend's api-responses agreement suite parses real ones.
 */
export const API_RESPONSES = {
  'GET /health': healthResponseSchema,
  'GET /setup/status': setupStatusSchema,
  'POST /auth/login': passwordLoginResponseSchema,
  'POST /auth/refresh': loginResponseSchema,
  'GET /auth/me': meResponseSchema,
  'GET /companies': pageOf(companyViewSchema),
  'GET /companies/:id': companyViewSchema,
  'GET /companies/:id/quota': companyQuotaSchema,
  'GET /users': pageOf(userViewSchema),
  'GET /users/:id': userViewSchema,
  'GET /quota-requests': pageOf(quotaRequestSchema),
  'POST /quota-requests': quotaRequestSchema,
  'POST /quota-requests/:id/approve': quotaRequestSchema,
  'POST /quota-requests/:id/decline': quotaRequestSchema,
  'POST /quota-requests/:id/cancel': quotaRequestSchema,
  'GET /jobs': jobPageSchema,
  'GET /jobs/:id': jobSchema,
  'GET /clusters': z.array(clusterViewSchema),
  'GET /clusters/:id': clusterViewSchema,
  'GET /templates': templatePageSchema,
  'GET /vms': vmPageSchema,
  'GET /vms/:id': vmDetailSchema,
  'GET /dashboard/company': companyDashboardSchema,
  'GET /tickets': ticketPageSchema,
  'GET /tickets/:id': ticketSchema,
  'GET /maintenance-windows': z.array(maintenanceWindowSchema),
  'POST /maintenance-windows': maintenanceWindowSchema,
  'GET /backup-history/not-backed-up': notBackedUpPageSchema,
  'GET /backup-history': backupRunPageSchema,
  'GET /backup-history/success-rates': backupSuccessRatePageSchema,
  ...GUEST_RESPONSES,
  ...ADMIN_RESPONSES,
  ...NETWORK_RESPONSES,
  ...IDENTITY_RESPONSES,
  ...OPERATIONS_RESPONSES,
  ...WORKLOAD_RESPONSES,
} as const satisfies Record<string, z.ZodType>;

export type ApiResponseRoute = keyof typeof API_RESPONSES;

/** The API_RESPONSES entry a concrete request hits, or null (see apiRouteOf). */
export function apiResponseRoute(method: string, path: string): ApiResponseRoute | null {
  return apiRouteOf(Object.keys(API_RESPONSES) as ApiResponseRoute[], method, path);
}

/**
 * Which of `keys` ("METHOD /path/:param") a concrete request ("GET", "/jobs/0199…") hits, or null.
 * A literal segment wins over a parameter (/clusters/test over /clusters/:id).
 */
export function apiRouteOf<K extends string>(
  keys: readonly K[],
  method: string,
  path: string,
): K | null {
  const parts = path.split('/').filter(Boolean);
  let best: { key: K; literals: number } | null = null;
  for (const key of keys) {
    const [m, p] = key.split(' ') as [string, string];
    if (m !== method.toUpperCase()) continue;
    const pattern = p.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    let literals = 0;
    const ok = pattern.every((seg, i) => {
      if (seg.startsWith(':')) return true;
      literals++;
      return seg === parts[i];
    });
    if (ok && (!best || literals > best.literals)) best = { key, literals };
  }
  return best?.key ?? null;
}
