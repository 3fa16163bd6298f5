import type { AuthUser, Role } from '@multpanel/contracts';

export function toAuthUser(u: {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  company?: { name: string } | null;
}): AuthUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    companyId: u.companyId,
    companyName: u.company?.name ?? null,
  };
}
