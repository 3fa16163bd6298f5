import { ROLE_PERMISSIONS } from '@multpanel/contracts/permissions';
import { useMemo, type ReactNode } from 'react';
import { useSession } from './session-store';

export interface Authorization {
  role: string | null;
  has: (permission: string) => boolean;
  hasAny: (permissions: readonly string[]) => boolean;
}

/**
 * The API sends the caller's effective permissions; the shared role map is the fallback so the
 * SPA and the API agree even when an answer carries only the role.
 */
export function effectivePermissions(
  role: string | null,
  fromServer?: readonly string[],
): Set<string> {
  if (fromServer && fromServer.length > 0) return new Set(fromServer);
  const byRole = role ? (ROLE_PERMISSIONS as Record<string, readonly string[]>)[role] : undefined;
  return new Set(byRole ?? []);
}

export function buildAuthorization(
  role: string | null,
  permissions?: readonly string[],
): Authorization {
  const set = effectivePermissions(role, permissions);
  return {
    role,
    has: (permission) => set.has(permission),
    hasAny: (list) => list.length === 0 || list.some((p) => set.has(p)),
  };
}

export function useAuthorization(): Authorization {
  const session = useSession();
  return useMemo(
    () =>
      session.status === 'authenticated'
        ? buildAuthorization(session.user.role, session.permissions)
        : buildAuthorization(null, []),
    [session],
  );
}

/** Renders children only when the signed-in user holds the permission. */
export function Can({
  permission,
  children,
  fallback = null,
}: {
  permission: string;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useAuthorization().has(permission) ? children : fallback;
}
