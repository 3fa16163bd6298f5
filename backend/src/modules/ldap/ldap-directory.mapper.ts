import type { LdapDirectoryView, LdapGroupMappingView, Role } from '@multpanel/contracts';
import type { LdapDirectory } from '../../generated/prisma/client';

export function domainsOf(d: Pick<LdapDirectory, 'allowedDomains'>): string[] {
  return Array.isArray(d.allowedDomains)
    ? d.allowedDomains.filter((x): x is string => typeof x === 'string')
    : [];
}

export function mappingsOf(d: Pick<LdapDirectory, 'groupMappings'>): LdapGroupMappingView[] {
  if (!Array.isArray(d.groupMappings)) return [];
  return d.groupMappings.flatMap((m) => {
    if (!m || typeof m !== 'object' || Array.isArray(m)) return [];
    const { groupDn, role, customRoleId } = m as Record<string, unknown>;
    if (typeof groupDn !== 'string' || typeof role !== 'string') return [];
    return [
      {
        groupDn,
        role: role as Role,
        customRoleId: typeof customRoleId === 'string' ? customRoleId : null,
      },
    ];
  });
}

// The bind password never leaves the server: only whether one is stored.
export function toLdapDirectoryView(d: LdapDirectory): LdapDirectoryView {
  return {
    id: d.id,
    companyId: d.companyId,
    url: d.url,
    startTls: d.startTls,
    caPem: d.caPem,
    bindDn: d.bindDn,
    hasBindPassword: d.bindPassword.length > 0,
    searchBase: d.searchBase,
    userFilter: d.userFilter,
    allowedDomains: domainsOf(d),
    groupMappings: mappingsOf(d),
    jitProvisioning: d.jitProvisioning,
    enabled: d.enabled,
    updatedAt: d.updatedAt.toISOString(),
  };
}
