import { ROLE_PERMISSIONS, type Role } from '@multpanel/contracts';
import type { SessionPayload, SessionUser } from '@/lib/session-store';

const companies: Record<
  Role,
  { companyId: string | null; companyName: string | null; email: string }
> = {
  super_admin: { companyId: null, companyName: null, email: 'admin@demo.local' },
  salesperson: { companyId: null, companyName: null, email: 'sales@demo.local' },
  company_admin: { companyId: 'c-acme', companyName: 'Acme Corp', email: 'admin@acme.demo' },
  user: { companyId: 'c-acme', companyName: 'Acme Corp', email: 'user@acme.demo' },
};

export function userFor(role: Role): SessionUser {
  const c = companies[role];
  return { id: `u-${role}`, name: `Demo ${role}`, role, ...c };
}

/** A login/refresh `ok` answer for a demo user of the given role, permissions from the shared map. */
export function sessionFor(role: Role, accessToken = `token-${role}`): SessionPayload {
  return {
    status: 'ok',
    accessToken,
    expiresIn: 900,
    user: userFor(role),
    permissions: [...ROLE_PERMISSIONS[role]],
  };
}

export const healthyBody = {
  status: 'ok',
  version: '0.1.0',
  uptimeSeconds: 3725,
  checks: {
    database: { status: 'up', latencyMs: 2 },
    redis: { status: 'up', latencyMs: 1 },
    worker: { status: 'up', lastHeartbeatAt: '2026-01-01T10:00:00.000Z' },
  },
};
