import { z } from 'zod';
import { ROLES, type Role } from './permissions';

// Entra ID (Azure AD) single sign-on through OpenID Connect: identity-provider settings and the
// reasons a sign-in can be refused (sent to the SPA as /login?error=<reason>).

export const IDENTITY_PROVIDER_TYPES = ['entra'] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDER_TYPES)[number];

/** Roles a company's own provider may hand out; staff roles come only from the platform provider. */
export const COMPANY_SSO_ROLES = ['company_admin', 'user'] as const satisfies readonly Role[];
export const PLATFORM_SSO_ROLES = ['super_admin', 'salesperson'] as const satisfies readonly Role[];

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name');

export const identityProviderInputSchema = z
  .object({
    type: z.enum(IDENTITY_PROVIDER_TYPES).default('entra'),
    // Entra directory (tenant) id: a GUID, or a verified domain name.
    tenantId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'a tenant id (GUID) or domain'),
    clientId: z.string().trim().min(1).max(191),
    // Write-only. Omit to keep the stored secret.
    clientSecret: z.string().min(1).max(1024).optional(),
    allowedDomains: z.array(domain).min(1).max(50),
    // Entra group object id → role.
    groupRoleMap: z.record(z.string().trim().min(1).max(128), z.enum(ROLES)).default({}),
    // Role for a user in none of the mapped groups; null refuses such users.
    defaultRole: z.enum(ROLES).nullable(),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
    // For sovereign clouds and tests; null means https://login.microsoftonline.com/<tenantId>/v2.0.
    issuerOverride: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .optional(),
  })
  .strict();
export type IdentityProviderInput = z.input<typeof identityProviderInputSchema>;

/**
 * An email domain a provider signs in. Only a verified one routes sign-ins: proven with a DNS TXT
 * record (`txtName` holding `txtValue`) or approved by a platform administrator.
 */
export interface SsoDomainView {
  domain: string;
  status: 'pending' | 'verified';
  method: 'dns' | 'approval' | null;
  verifiedAt: string | null;
  txtName: string;
  txtValue: string;
}

export interface IdentityProviderView {
  id: string;
  companyId: string | null;
  type: IdentityProviderType;
  tenantId: string;
  clientId: string;
  hasClientSecret: boolean;
  allowedDomains: string[];
  /** The allowed domains with their verification state, in the same order. */
  domains: SsoDomainView[];
  groupRoleMap: Record<string, Role>;
  defaultRole: Role | null;
  jitProvisioning: boolean;
  enabled: boolean;
  issuerOverride: string | null;
  /** The issuer actually used for discovery and ID token validation. */
  issuer: string;
  /** What to register as the redirect URI in the Entra app registration. */
  redirectUri: string;
  updatedAt: string;
}

export const SSO_ERRORS = [
  'sso_not_configured',
  'invalid_request',
  'invalid_state',
  'provider_error',
  'token_invalid',
  'wrong_tenant',
  'domain_not_allowed',
  'company_suspended',
  'user_disabled',
  'user_not_provisioned',
  'user_other_company',
  'no_role',
  'internal',
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];

export function entraIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/v2.0`;
}
