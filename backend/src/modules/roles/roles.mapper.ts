import { ALL_PERMISSIONS, type CustomRoleView, type Permission } from '@multpanel/contracts';
import type { CustomRoleRow } from './roles.repository';

/** Stored permission names, keeping only ones the catalogue still knows. */
export function storedPermissions(value: unknown): Permission[] {
  return Array.isArray(value)
    ? value.filter((p): p is Permission => ALL_PERMISSIONS.includes(p as Permission))
    : [];
}

export function toCustomRoleView(row: CustomRoleRow, userCount: number): CustomRoleView {
  return {
    id: row.id,
    companyId: row.companyId,
    name: row.name,
    description: row.description,
    permissions: storedPermissions(row.permissions),
    userCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
