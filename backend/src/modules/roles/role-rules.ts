import { narrowedPermissions, type Permission, type Role } from '@multpanel/contracts';

/** The permissions of `wanted` the holder does not have (empty: within the holder's own). */
export function beyond(held: readonly Permission[], wanted: readonly Permission[]): Permission[] {
  const own = new Set(held);
  return wanted.filter((p) => !own.has(p));
}

/**
 * Whether a caller holding `held` may move a user of built-in `role` from the custom role
 * `current` to `next` (null: the built-in set): both what the user holds now and what they will
 * hold must be within the caller's own permissions, so nobody raises anyone, or changes a user
 * who can do more than they can. Returns the permissions in the way.
 */
export function assignmentBlockers(
  held: readonly Permission[],
  role: Role,
  current: readonly string[] | null,
  next: readonly string[] | null,
): Permission[] {
  const before = narrowedPermissions(role, current);
  const after = narrowedPermissions(role, next);
  return [...new Set([...beyond(held, before), ...beyond(held, after)])];
}
