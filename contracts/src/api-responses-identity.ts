import { z } from 'zod';
import type { TotpEnrollConfirmResponse, TotpEnrollResponse } from './auth';
import type {
  BulkClusterTestRow,
  ClusterCephStatus,
  ClusterCsvImportResult,
  ClusterHealthPoint,
  ClusterNodeLiveView,
  ClusterNodesLive,
  ClusterNodeView,
  ClusterStorageView,
  ClusterSyncQueued,
  ClusterTestResult,
  ProbedFingerprint,
} from './clusters';
import type {
  ApiKeyView,
  CreatedApiKeyView,
  SessionView,
  TotpEnableResponse,
  TotpSetupResponse,
} from './identity';
import type { DeviceRequestView } from './device-login';
import type { LdapDirectoryView, LdapTestResult } from './ldap';
import type { PasskeyOptionsResponse } from './passkeys';
import { ALL_PERMISSIONS, ROLES, type Permission } from './permissions';
import type { PveApiCallResult } from './pve-explorer';
import type { SshNodeHealthView, SshNodeResult } from './ssh-keys';
import { IDENTITY_PROVIDER_TYPES, type IdentityProviderView, type SsoDomainView } from './sso';
import { ticketSlaPolicySchema, type TicketSlaPolicyDto } from './tickets';
import { at, count, id } from './api-response-kit';
import {
  clusterViewSchema as clusterView,
  companyViewSchema as companyView,
  loginResponseSchema as loginResponse,
  authUserSchema,
} from './api-responses-core';

// Response schemas of companies, clusters, sign-in and sessions, 2FA and API keys, merged into
// API_RESPONSES; see api-responses.ts for the rules (typed against the SPA's interface, strict
// objects, 2xx answers only). Each route here is parsed against the real API's answer by some
// integration test (expectApiResponse).

const permission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);

// --- API keys -----------------------------------------------------------------------------------

const apiKeyFields = {
  id,
  name: z.string(),
  prefix: z.string().min(1),
  permissions: z.array(permission),
  expiresAt: at.nullable(),
  lastUsedAt: at.nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: at.nullable(),
  createdAt: at,
};
export const apiKeyViewSchema: z.ZodType<ApiKeyView> = z.object(apiKeyFields).strict();
export const createdApiKeySchema: z.ZodType<CreatedApiKeyView> = z
  .object({ ...apiKeyFields, key: z.string().min(1) })
  .strict();

// --- sign-in, sessions, 2FA ---------------------------------------------------------------------

export const sessionViewSchema: z.ZodType<SessionView> = z
  .object({
    id,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: at,
    lastUsedAt: at.nullable(),
    current: z.boolean(),
  })
  .strict();

const totpSecret = z
  .object({ secret: z.string().min(1), otpauthUrl: z.string().startsWith('otpauth://') })
  .strict();
export const totpSetupSchema: z.ZodType<TotpSetupResponse> = totpSecret;
export const totpEnrollSchema: z.ZodType<TotpEnrollResponse> = totpSecret;
const recoveryCodes = z.array(z.string().min(1)).min(1);
export const totpEnableSchema: z.ZodType<TotpEnableResponse> = z.object({ recoveryCodes }).strict();

export const totpEnrollConfirmSchema: z.ZodType<TotpEnrollConfirmResponse> = z
  .object({
    status: z.literal('ok'),
    accessToken: z.string().min(1),
    expiresIn: z.number().int().positive(),
    user: authUserSchema,
    permissions: z.array(permission),
    recoveryCodes,
  })
  .strict();

export const deviceRequestSchema: z.ZodType<DeviceRequestView> = z
  .object({
    userCode: z.string().min(1),
    clientName: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: at,
    expiresAt: at,
    status: z.enum(['pending', 'approved', 'denied']),
  })
  .strict();

export const passkeyOptionsSchema: z.ZodType<PasskeyOptionsResponse> = z
  .object({ challengeId: z.string().min(1), options: z.record(z.string(), z.unknown()) })
  .strict();

// --- clusters -----------------------------------------------------------------------------------

export const clusterTestResultSchema: z.ZodType<ClusterTestResult> = z
  .object({
    ok: z.boolean(),
    reachable: z.boolean(),
    endpoint: z.string().nullable(),
    latencyMs: z.number().min(0).nullable(),
    version: z.string().nullable(),
    clusterName: z.string().nullable(),
    quorate: z.boolean().nullable(),
    nodes: z.array(z.object({ name: z.string(), online: z.boolean() }).strict()),
    permissions: z.array(z.string()),
    missingPermissions: z.array(z.string()),
    error: z.string().nullable(),
    errorCode: z.string().nullable(),
  })
  .strict();

export const bulkClusterTestRowSchema: z.ZodType<BulkClusterTestRow> = z
  .object({
    clusterId: id,
    name: z.string().nullable(),
    result: clusterTestResultSchema.nullable(),
    error: z.string().nullable(),
  })
  .strict();

export const probedFingerprintSchema: z.ZodType<ProbedFingerprint> = z
  .object({
    url: z.string(),
    fingerprint: z.string().min(1),
    subject: z.string(),
    issuer: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    selfSigned: z.boolean(),
  })
  .strict();

export const clusterCsvImportSchema: z.ZodType<ClusterCsvImportResult> = z
  .object({
    dryRun: z.boolean(),
    total: count,
    valid: count,
    created: count,
    rows: z.array(
      z
        .object({
          line: z.number().int().min(1),
          name: z.string().nullable(),
          ok: z.boolean(),
          problems: z.array(z.string()),
          clusterId: id.optional(),
        })
        .strict(),
    ),
  })
  .strict();

const nodeFields = {
  name: z.string().min(1),
  status: z.string(),
  maxcpu: count.nullable(),
  maxmemBytes: count.nullable(),
  maxdiskBytes: count.nullable(),
  goneAt: at.nullable(),
  updatedAt: at,
};
export const clusterNodeSchema: z.ZodType<ClusterNodeView> = z.object(nodeFields).strict();
const clusterNodeLive: z.ZodType<ClusterNodeLiveView> = z
  .object({
    ...nodeFields,
    cpu: z.number().min(0).nullable(),
    memBytes: count.nullable(),
    diskBytes: count.nullable(),
    uptimeSec: count.nullable(),
  })
  .strict();
export const clusterNodesLiveSchema: z.ZodType<ClusterNodesLive> = z
  .object({
    live: z.boolean(),
    error: z.string().nullable(),
    readAt: at.nullable(),
    nodes: z.array(clusterNodeLive),
  })
  .strict();

export const clusterStorageSchema: z.ZodType<ClusterStorageView> = z
  .object({
    node: z.string(),
    storage: z.string(),
    type: z.string().nullable(),
    content: z.array(z.string()),
    shared: z.boolean(),
    status: z.string().nullable(),
    usedBytes: count.nullable(),
    totalBytes: count.nullable(),
    goneAt: at.nullable(),
  })
  .strict();

export const clusterCephSchema: z.ZodType<ClusterCephStatus> = z
  .object({ health: z.string().nullable(), raw: z.record(z.string(), z.unknown()) })
  .strict();

export const clusterHealthPointSchema: z.ZodType<ClusterHealthPoint> = z
  .object({
    at,
    ok: z.boolean(),
    latencyMs: z.number().min(0).nullable(),
    error: z.string().nullable(),
  })
  .strict();

export const clusterSyncQueuedSchema: z.ZodType<ClusterSyncQueued> = z
  .object({ queued: z.literal(true) })
  .strict();

const port = z.number().int().min(1).max(65_535);
export const sshNodeResultSchema: z.ZodType<SshNodeResult> = z
  .object({
    clusterId: id,
    clusterName: z.string(),
    node: z.string(),
    host: z.string(),
    port,
    ok: z.boolean(),
    skipped: z.boolean().optional(),
    acceptedKeyIds: z.array(id).optional(),
    latencyMs: z.number().min(0).optional(),
    error: z.string().optional(),
  })
  .strict();

export const sshNodeHealthSchema: z.ZodType<SshNodeHealthView> = z
  .object({
    clusterId: id,
    clusterName: z.string(),
    sshUser: z.string(),
    node: z.string(),
    host: z.string(),
    port,
    sshHost: z.string().nullable(),
    sshPort: port.nullable(),
    sshHostKey: z.string().nullable(),
    acceptedKeyIds: z.array(id),
    acceptsActive: z.boolean().nullable(),
    latencyMs: z.number().min(0).nullable(),
    lastCheckAt: at.nullable(),
    lastOkAt: at.nullable(),
    lastError: z.string().nullable(),
  })
  .strict();

export const pveApiCallResultSchema: z.ZodType<PveApiCallResult> = z
  .object({
    ok: z.boolean(),
    status: z.number().int().min(100).max(599),
    data: z.unknown(),
    error: z.string().nullable(),
    durationMs: z.number().min(0),
    curl: z.string().min(1),
    pvesh: z.string().min(1),
  })
  .strict();

// --- company settings: SSO, LDAP, ticket SLA ----------------------------------------------------

export const ssoDomainSchema: z.ZodType<SsoDomainView> = z
  .object({
    domain: z.string().min(1),
    status: z.enum(['pending', 'verified']),
    method: z.enum(['dns', 'approval']).nullable(),
    verifiedAt: at.nullable(),
    txtName: z.string(),
    txtValue: z.string(),
  })
  .strict();

export const identityProviderSchema: z.ZodType<IdentityProviderView> = z
  .object({
    id,
    companyId: id.nullable(),
    type: z.enum(IDENTITY_PROVIDER_TYPES),
    tenantId: z.string(),
    clientId: z.string(),
    hasClientSecret: z.boolean(),
    allowedDomains: z.array(z.string()),
    domains: z.array(ssoDomainSchema),
    groupRoleMap: z.record(z.string(), z.enum(ROLES)),
    defaultRole: z.enum(ROLES).nullable(),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
    issuerOverride: z.string().nullable(),
    issuer: z.string().min(1),
    redirectUri: z.string().min(1),
    updatedAt: at,
  })
  .strict();

export const ldapDirectorySchema: z.ZodType<LdapDirectoryView> = z
  .object({
    id,
    companyId: id.nullable(),
    url: z.string().min(1),
    startTls: z.boolean(),
    caPem: z.string().nullable(),
    bindDn: z.string(),
    hasBindPassword: z.boolean(),
    searchBase: z.string(),
    userFilter: z.string(),
    allowedDomains: z.array(z.string()),
    groupMappings: z.array(
      z.object({ groupDn: z.string(), role: z.enum(ROLES), customRoleId: id.nullable() }).strict(),
    ),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
    updatedAt: at,
  })
  .strict();

export const ldapTestResultSchema: z.ZodType<LdapTestResult> = z
  .object({
    outcome: z.enum([
      'sign_in',
      'create',
      'not_found',
      'no_role',
      'not_provisioned',
      'other_company',
      'disabled',
    ]),
    entry: z
      .object({
        dn: z.string(),
        email: z.string(),
        name: z.string(),
        groups: z.array(z.string()),
      })
      .strict()
      .nullable(),
    role: z.enum(ROLES).nullable(),
    customRole: z.object({ id, name: z.string() }).strict().nullable(),
  })
  .strict();

export const ticketSlaPolicyDtoSchema: z.ZodType<TicketSlaPolicyDto> = ticketSlaPolicySchema
  .extend({ companyId: id.nullable(), own: z.boolean() })
  .strict();

export const IDENTITY_RESPONSES = {
  'GET /api-keys': z.array(apiKeyViewSchema),
  'POST /api-keys': createdApiKeySchema,
  'POST /auth/passkey-login': loginResponse,
  'POST /auth/passkey-login/options': passkeyOptionsSchema,
  'GET /auth/sessions': z.array(sessionViewSchema),
  'GET /auth/device/requests/:id': deviceRequestSchema,
  'POST /auth/totp/setup': totpSetupSchema,
  'POST /auth/totp/enable': totpEnableSchema,
  'POST /auth/totp/enroll': totpEnrollSchema,
  'POST /auth/totp/enroll/confirm': totpEnrollConfirmSchema,
  'POST /bulk-clusters/test-connection': z.array(bulkClusterTestRowSchema),
  'POST /clusters': clusterView,
  'PATCH /clusters/:id': clusterView,
  'GET /clusters/:id/ceph': clusterCephSchema,
  'GET /clusters/:id/health': z.array(clusterHealthPointSchema),
  'GET /clusters/:id/nodes': z.array(clusterNodeSchema),
  'GET /clusters/:id/nodes/live': clusterNodesLiveSchema,
  'PUT /clusters/:id/nodes/:id/ssh': sshNodeHealthSchema,
  'POST /clusters/:id/pve-api/call': pveApiCallResultSchema,
  'POST /clusters/:id/ssh/push': z.array(sshNodeResultSchema),
  'GET /clusters/:id/storages': z.array(clusterStorageSchema),
  'POST /clusters/import': clusterCsvImportSchema,
  'POST /clusters/probe-fingerprint': probedFingerprintSchema,
  'POST /clusters/test': clusterTestResultSchema,
  'PATCH /companies/:id': companyView,
  'PUT /companies/:id/require-2fa': companyView,
  'PUT /companies/:id/salespeople': companyView,
  'POST /companies/:id/suspend': companyView,
  'GET /companies/:id/clusters': z.array(clusterView),
  'POST /companies/:id/clusters': clusterView,
  'POST /companies/:id/clusters/:id/sync': clusterSyncQueuedSchema,
  'POST /companies/:id/clusters/probe-fingerprint': probedFingerprintSchema,
  'POST /companies/:id/clusters/test': clusterTestResultSchema,
  'GET /companies/:id/identity-provider': identityProviderSchema.nullable(),
  'PUT /companies/:id/identity-provider': identityProviderSchema,
  'POST /companies/:id/identity-provider/domains/:id/verify': identityProviderSchema,
  'POST /companies/:id/identity-provider/domains/:id/approve': identityProviderSchema,
  'GET /companies/:id/ldap-directory': ldapDirectorySchema.nullable(),
  'PUT /companies/:id/ldap-directory': ldapDirectorySchema,
  'GET /companies/:id/ldap-directory/domains': z.array(ssoDomainSchema),
  'POST /companies/:id/ldap-directory/domains/:id/verify': z.array(ssoDomainSchema),
  'POST /companies/:id/ldap-directory/domains/:id/approve': z.array(ssoDomainSchema),
  'POST /companies/:id/ldap-directory/test': ldapTestResultSchema,
  'GET /companies/:id/ticket-sla': ticketSlaPolicyDtoSchema.nullable(),
  'PUT /companies/:id/ticket-sla': ticketSlaPolicyDtoSchema,
} as const satisfies Record<string, z.ZodType>;
