import type { Role } from '@multpanel/contracts';

/** A directory group whose members get a role (the first matching mapping wins). */
export interface LdapGroupMapping {
  groupDn: string;
  role: Role;
  /** A custom role narrowing `role`; null or absent: the built-in set. */
  customRoleId?: string | null;
}

/**
 * RFC 4515 escaping of a value placed in a search filter: `*`, `(`, `)`, `\` and NUL become
 * `\2a`, `\28`, `\29`, `\5c`, `\00`, so an e-mail address cannot widen or rewrite the filter.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The configured user filter with `{{email}}` replaced by the escaped address. */
export function userFilter(template: string, email: string): string {
  return template.split('{{email}}').join(escapeFilterValue(email));
}

/** DNs compare case-insensitively and without spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .split(',')
    .map((rdn) =>
      rdn
        .split('=')
        .map((p) => p.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

/** The first mapping whose group the user is in; null: no access. */
export function mappingForGroups(
  groupDns: readonly string[],
  mappings: readonly LdapGroupMapping[],
): LdapGroupMapping | null {
  const held = new Set(groupDns.map(normalizeDn));
  return mappings.find((m) => held.has(normalizeDn(m.groupDn))) ?? null;
}

/** The role of the first mapping whose group the user is in; null: no access. */
export function roleForGroups(
  groupDns: readonly string[],
  mappings: readonly LdapGroupMapping[],
): Role | null {
  return mappingForGroups(groupDns, mappings)?.role ?? null;
}
