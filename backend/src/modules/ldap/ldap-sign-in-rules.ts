import {
  COMPANY_SSO_ROLES,
  PLATFORM_SSO_ROLES,
  type LdapTestResult,
  type Role,
} from '@multpanel/contracts';

// The pure part of a directory sign-in: which directory an address goes to and what it earns.

/** Roles a directory may hand out: a company's own directory never yields staff roles. */
export function ldapRolesFor(companyId: string | null): readonly Role[] {
  return companyId === null ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES;
}

export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

export interface RoutableDirectory {
  companyId: string | null;
  enabled: boolean;
  allowedDomains: string[];
}

/**
 * The directory a password sign-in of `email` goes to: an enabled one listing the address's domain,
 * and only for an account of that directory's company (staff: of no company) or a new address. An
 * existing account of anyone else keeps signing in with its own password.
 */
export function routeFor<D extends RoutableDirectory>(
  directories: readonly D[],
  email: string,
  user: { companyId: string | null } | null,
): D | null {
  const domain = domainOf(email);
  const dir = directories.find((d) => d.enabled && d.allowedDomains.includes(domain)) ?? null;
  if (!dir) return null;
  if (user && user.companyId !== dir.companyId) return null;
  return dir;
}

/** What a directory entry with `role` (null: in no mapped group) gets for the account `user`. */
export function ldapOutcome(
  dir: { companyId: string | null; jitProvisioning: boolean },
  role: Role | null,
  user: { companyId: string | null; status: string } | null,
): LdapTestResult['outcome'] {
  if (!role || !ldapRolesFor(dir.companyId).includes(role)) return 'no_role';
  if (!user) return dir.jitProvisioning ? 'create' : 'not_provisioned';
  if (user.companyId !== dir.companyId) return 'other_company';
  if (user.status === 'disabled') return 'disabled';
  return 'sign_in';
}
