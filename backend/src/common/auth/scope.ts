import type { Permission, Role } from '@multpanel/contracts';

// What an authenticated caller may see. Repositories take a Scope first and put it in every `where`.
export type Scope =
  | { kind: 'all' }
  // salesperson: assigned companies; company_admin: own company.
  | { kind: 'companies'; companyIds: string[] }
  // user: own company, and only the guests granted to userId.
  | { kind: 'vm_grants'; companyIds: string[]; userId: string };

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  permissions: Permission[];
  /** email: a signed reply to a ticket mail (tickets module). */
  via: 'jwt' | 'api_key' | 'email';
  apiKeyId?: string;
  sessionFamilyId?: string;
}

export const ALL_SCOPE: Scope = { kind: 'all' };

/** null = every company. */
export function scopeCompanyIds(scope: Scope): string[] | null {
  return scope.kind === 'all' ? null : scope.companyIds;
}

/** A Prisma `where` fragment restricting a company-owned row to the scope ({} for all companies). */
export function companyWhere(scope: Scope): { companyId?: { in: string[] } };
export function companyWhere<K extends string>(
  scope: Scope,
  field: K,
): { [P in K]?: { in: string[] } };
export function companyWhere(scope: Scope, field = 'companyId'): Record<string, { in: string[] }> {
  const ids = scopeCompanyIds(scope);
  return ids === null ? {} : { [field]: { in: ids } };
}

export function scopeIncludesCompany(scope: Scope, companyId: string | null): boolean {
  const ids = scopeCompanyIds(scope);
  return ids === null || (companyId !== null && ids.includes(companyId));
}
