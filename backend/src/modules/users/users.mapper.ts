import type { UserView } from '@multpanel/contracts';
import type { UserRow } from './users.repository';

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    // A placeholder shows the address the company entered.
    email: u.heldEmail ?? u.email,
    name: u.name,
    role: u.role,
    status: u.status,
    companyId: u.companyId,
    companyName: u.company?.name ?? null,
    totpEnabled: u.totpEnabledAt !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
