import { z } from 'zod';
import { ALL_PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Role } from './permissions';

// Custom roles (issue 25): permission sets defined by the MSP (platform-wide) or by a company's
// admin (for that company). A user keeps the scope of their built-in role (which companies, which
// guests); a custom role assigned to them replaces the built-in role's permissions with its own,
// intersected with the built-in role's: it can narrow what a user may do, never widen it.

const permissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
const permissionsSchema = z
  .array(permissionSchema)
  .min(1)
  .max(ALL_PERMISSIONS.length)
  .refine((ps) => new Set(ps).size === ps.length, 'each permission once');

export const createCustomRoleSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).optional(),
    // Omitted or null: platform-wide (super_admin only); otherwise the company the role belongs to.
    companyId: z.uuid().nullable().optional(),
    permissions: permissionsSchema,
  })
  .strict();
export type CreateCustomRoleInput = z.infer<typeof createCustomRoleSchema>;

export const updateCustomRoleSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    permissions: permissionsSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');
export type UpdateCustomRoleInput = z.infer<typeof updateCustomRoleSchema>;

/** null: back to the built-in role's permissions. */
export const assignCustomRoleSchema = z.object({ customRoleId: z.uuid().nullable() }).strict();
export type AssignCustomRoleInput = z.infer<typeof assignCustomRoleSchema>;

export interface CustomRoleView {
  id: string;
  /** null: platform-wide. */
  companyId: string | null;
  name: string;
  description: string | null;
  permissions: Permission[];
  /** Users holding the role (of the companies the caller sees). */
  userCount: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What a user holds: the built-in role's permissions, narrowed to the custom role's when one is
 * assigned. Unknown names in stored data are ignored.
 */
export function narrowedPermissions(
  role: Role,
  custom: readonly string[] | null | undefined,
): Permission[] {
  const base = ROLE_PERMISSIONS[role];
  if (!custom) return [...base];
  const wanted = new Set(custom);
  return base.filter((p) => wanted.has(p));
}
