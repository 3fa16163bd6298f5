import {
  entraIssuer,
  type IdentityProviderView,
  type Role,
  type SsoDomainView,
} from '@multpanel/contracts';
import type { IdentityProvider } from '../../generated/prisma/client';

export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

export function issuerOf(p: Pick<IdentityProvider, 'issuerOverride' | 'tenantId'>): string {
  return p.issuerOverride ?? entraIssuer(p.tenantId);
}

export function domainsOf(p: Pick<IdentityProvider, 'allowedDomains'>): string[] {
  return Array.isArray(p.allowedDomains)
    ? p.allowedDomains.filter((d): d is string => typeof d === 'string')
    : [];
}

export function groupMapOf(p: Pick<IdentityProvider, 'groupRoleMap'>): Record<string, Role> {
  const m = p.groupRoleMap;
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, Role>) : {};
}

// The client secret never leaves the server: only whether one is stored.
export function toIdentityProviderView(
  p: IdentityProvider,
  publicUrl: string,
  domains: SsoDomainView[],
): IdentityProviderView {
  return {
    id: p.id,
    companyId: p.companyId,
    type: p.type,
    tenantId: p.tenantId,
    clientId: p.clientId,
    hasClientSecret: p.clientSecret.length > 0,
    allowedDomains: domainsOf(p),
    domains,
    groupRoleMap: groupMapOf(p),
    defaultRole: p.defaultRole,
    jitProvisioning: p.jitProvisioning,
    enabled: p.enabled,
    issuerOverride: p.issuerOverride,
    issuer: issuerOf(p),
    redirectUri: `${publicUrl.replace(/\/+$/, '')}${SSO_CALLBACK_PATH}`,
    updatedAt: p.updatedAt.toISOString(),
  };
}
