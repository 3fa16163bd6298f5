import {
  COMPANY_SSO_ROLES,
  PLATFORM_SSO_ROLES,
  ROLES,
  type Role,
  type SsoError,
} from '@multpanel/contracts';

// The pure part of an SSO sign-in: which claims are acceptable and which role they earn.

export interface ProviderRules {
  companyId: string | null;
  tenantId: string;
  allowedDomains: string[];
  groupRoleMap: Record<string, Role>;
  defaultRole: Role | null;
}

export interface SsoIdentity {
  email: string;
  name: string;
  subject: string;
  role: Role;
}

export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoError,
    readonly email: string | null = null,
  ) {
    super(reason);
    this.name = 'SsoRefusal';
  }
}

/** Roles a provider may hand out: a company's own directory never yields staff roles. */
export function rolesFor(companyId: string | null): readonly Role[] {
  return companyId === null ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES;
}

export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

// Most privileged first, so a member of several mapped groups gets the strongest allowed role.
const byPrivilege = (a: Role, b: Role) => ROLES.indexOf(a) - ROLES.indexOf(b);

export function roleFromGroups(rules: ProviderRules, groups: readonly string[]): Role | null {
  const allowed = rolesFor(rules.companyId);
  const mapped = groups
    .map((g) => rules.groupRoleMap[g])
    .filter((r): r is Role => r !== undefined && allowed.includes(r))
    .sort(byPrivilege);
  if (mapped.length > 0) return mapped[0];
  return rules.defaultRole && allowed.includes(rules.defaultRole) ? rules.defaultRole : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Checks the validated ID token claims against the provider's settings. Throws SsoRefusal. */
export function identityFromClaims(
  rules: ProviderRules,
  claims: Record<string, unknown>,
): SsoIdentity {
  const email = (str(claims.email) ?? str(claims.preferred_username))?.toLowerCase() ?? null;
  // Entra tenant ids are GUIDs; compare case-insensitively.
  if (str(claims.tid)?.toLowerCase() !== rules.tenantId.toLowerCase()) {
    throw new SsoRefusal('wrong_tenant', email);
  }
  if (!email || !email.includes('@')) throw new SsoRefusal('token_invalid', email);
  if (!rules.allowedDomains.includes(domainOf(email))) {
    throw new SsoRefusal('domain_not_allowed', email);
  }
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const role = roleFromGroups(rules, groups);
  if (!role) throw new SsoRefusal('no_role', email);
  return {
    email,
    name: str(claims.name) ?? email,
    subject: str(claims.oid) ?? str(claims.sub) ?? email,
    role,
  };
}
