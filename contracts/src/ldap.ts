import { z } from 'zod';
import { ROLES, type Role } from './permissions';

// LDAP / Active Directory sign-in: a directory checks the passwords of the e-mail domains routed to
// it (the platform's for MSP staff, a company's for its users), and its groups decide the role.

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name');

const dn = z.string().trim().min(3).max(500).regex(/=/, 'a distinguished name (cn=…,dc=…)');

export const ldapGroupMappingSchema = z
  .object({
    groupDn: dn,
    role: z.enum(ROLES),
    // Narrows the built-in role (platform-wide or the directory's company's); null: the built-in set.
    customRoleId: z.uuid().nullable().default(null),
  })
  .strict();

export const ldapDirectoryInputSchema = z
  .object({
    url: z
      .string()
      .trim()
      .max(500)
      .regex(/^ldaps?:\/\/[^\s/?#]+\/?$/i, 'ldap://host[:port] or ldaps://host[:port]'),
    startTls: z.boolean().default(false),
    caPem: z
      .string()
      .trim()
      .max(20_000)
      .regex(/-----BEGIN CERTIFICATE-----/, 'a PEM certificate')
      .nullable()
      .default(null),
    bindDn: dn,
    // Write-only. Omit to keep the stored password.
    bindPassword: z.string().min(1).max(1024).optional(),
    searchBase: dn,
    userFilter: z
      .string()
      .trim()
      .min(3)
      .max(1000)
      .regex(/^\(.*\)$/, 'an LDAP filter in parentheses')
      .refine((f) => f.includes('{{email}}'), 'must contain {{email}}'),
    allowedDomains: z.array(domain).min(1).max(50),
    groupMappings: z.array(ldapGroupMappingSchema).max(100).default([]),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
  })
  .strict()
  .refine((d) => !(d.startTls && d.url.toLowerCase().startsWith('ldaps:')), {
    path: ['startTls'],
    message: 'StartTLS is for ldap:// URLs; ldaps:// is already encrypted',
  });
export type LdapDirectoryInput = z.input<typeof ldapDirectoryInputSchema>;

export const ldapTestSchema = z.object({ email: z.email().trim().toLowerCase().max(191) }).strict();
export type LdapTestInput = z.input<typeof ldapTestSchema>;

export interface LdapGroupMappingView {
  groupDn: string;
  role: Role;
  customRoleId: string | null;
}

export interface LdapDirectoryView {
  id: string;
  companyId: string | null;
  url: string;
  startTls: boolean;
  caPem: string | null;
  bindDn: string;
  hasBindPassword: boolean;
  searchBase: string;
  userFilter: string;
  allowedDomains: string[];
  groupMappings: LdapGroupMappingView[];
  jitProvisioning: boolean;
  enabled: boolean;
  updatedAt: string;
}

/**
 * What the "test" button shows for a sample address: the directory entry and its groups, and what
 * a sign-in would give. `outcome`: `sign_in` (an existing account), `create` (a new account, JIT),
 * or why it would be refused.
 */
export interface LdapTestResult {
  outcome:
    | 'sign_in'
    | 'create'
    | 'not_found'
    | 'no_role'
    | 'not_provisioned'
    | 'other_company'
    | 'disabled';
  entry: { dn: string; email: string; name: string; groups: string[] } | null;
  role: Role | null;
  customRole: { id: string; name: string } | null;
}
