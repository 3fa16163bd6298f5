import { Injectable } from '@nestjs/common';
import {
  Permission,
  type CreateCustomRoleInput,
  type CustomRoleView,
  type UpdateCustomRoleInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { assignmentBlockers, beyond } from './role-rules';
import { storedPermissions, toCustomRoleView } from './roles.mapper';
import { RolesRepository, type CustomRoleRow } from './roles.repository';

const forbidden = (message: string) => new AppError('FORBIDDEN', message);

/**
 * Custom roles: permission sets the MSP defines platform-wide and company admins define for their
 * company, within their own permissions; assigned to users, they narrow the built-in role's
 * permissions (the principal is resolved with them on every request, see PrincipalService).
 */
@Injectable()
export class RolesService {
  constructor(
    private readonly repo: RolesRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor): Promise<CustomRoleView[]> {
    const scope = scopeCompanyIds(actor.scope);
    return this.views(actor, await this.repo.list(scope));
  }

  async get(actor: Actor, id: string): Promise<CustomRoleView> {
    const [view] = await this.views(actor, [await this.mustFind(actor, id)]);
    return view;
  }

  async create(actor: Actor, input: CreateCustomRoleInput): Promise<CustomRoleView> {
    const companyId = input.companyId ?? null;
    if (companyId === null) this.requirePlatform(actor);
    else await this.access.requireCompany(actor, companyId);
    this.requireWithinOwn(actor, input.permissions);
    await this.assertNameFree(companyId, input.name);
    const row = await this.repo.create({
      companyId,
      name: input.name,
      description: input.description || null,
      permissions: input.permissions,
    });
    await this.record(actor, 'custom_role.create', row, { permissions: input.permissions });
    return toCustomRoleView(row, 0);
  }

  async update(actor: Actor, id: string, input: UpdateCustomRoleInput): Promise<CustomRoleView> {
    const current = await this.mustFind(actor, id);
    this.requireEditable(actor, current);
    if (input.permissions) this.requireWithinOwn(actor, input.permissions);
    if (input.name !== undefined && input.name !== current.name) {
      await this.assertNameFree(current.companyId, input.name, id);
    }
    const row = await this.repo.update(id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.permissions ? { permissions: input.permissions } : {}),
    });
    await this.record(actor, 'custom_role.update', row, { fields: Object.keys(input) });
    const [view] = await this.views(actor, [row]);
    return view;
  }

  /** A role someone holds is not deleted: reassign them first (409). */
  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.mustFind(actor, id);
    this.requireEditable(actor, row);
    const holders = await this.repo.countHolders(id);
    if (holders > 0) {
      throw new AppError(
        'CONFLICT',
        `${holders} user(s) hold the role "${row.name}"; give them another role before deleting it`,
        { holders },
      );
    }
    await this.repo.delete(id);
    await this.record(actor, 'custom_role.delete', row, {});
  }

  /**
   * Gives a user of the caller's companies a custom role (null: back to the built-in set). The
   * role must be platform-wide or the user's company's; neither what the user holds now nor what
   * they will hold may exceed the caller's own permissions.
   */
  async assign(
    actor: Actor,
    userId: string,
    customRoleId: string | null,
  ): Promise<{ userId: string; customRoleId: string | null }> {
    const scope = scopeCompanyIds(actor.scope);
    const user = await this.repo.findUser(scope, userId);
    if (!user) throw notFound('User');
    let next: CustomRoleRow | null = null;
    if (customRoleId) {
      next = await this.mustFind(actor, customRoleId);
      if (next.companyId !== null && next.companyId !== user.companyId) {
        throw new AppError(
          'VALIDATION_FAILED',
          `The role "${next.name}" belongs to another company than the user's`,
        );
      }
    }
    const blockers = assignmentBlockers(
      actor.principal.permissions,
      user.role,
      user.customRole ? storedPermissions(user.customRole.permissions) : null,
      next ? storedPermissions(next.permissions) : null,
    );
    if (blockers.length) {
      throw forbidden(
        `The change would let the user (or the user can already) do more than you: ${blockers.join(', ')}`,
      );
    }
    await this.repo.setUserRole(user.id, next?.id ?? null);
    await this.activity.record({
      action: 'user.custom_role',
      actor: actor.principal,
      companyId: user.companyId ?? undefined,
      resourceType: 'user',
      resourceId: user.id,
      details: { customRoleId: next?.id ?? null, name: next?.name ?? null },
    });
    return { userId: user.id, customRoleId: next?.id ?? null };
  }

  private async views(actor: Actor, rows: CustomRoleRow[]): Promise<CustomRoleView[]> {
    const counts = await this.repo.userCounts(
      scopeCompanyIds(actor.scope),
      rows.map((r) => r.id),
    );
    return rows.map((r) => toCustomRoleView(r, counts.get(r.id) ?? 0));
  }

  private async mustFind(actor: Actor, id: string): Promise<CustomRoleRow> {
    const row = await this.repo.find(scopeCompanyIds(actor.scope), id);
    if (!row) throw notFound('Role');
    return row;
  }

  /** Platform-wide roles are the MSP's: super_admin (every company, platform settings). */
  private requirePlatform(actor: Actor): void {
    if (actor.scope.kind !== 'all' || !this.access.can(actor, Permission.PlatformSettings)) {
      throw forbidden('Only a platform administrator defines platform-wide roles');
    }
  }

  private requireEditable(actor: Actor, row: CustomRoleRow): void {
    if (row.companyId === null) this.requirePlatform(actor);
  }

  private requireWithinOwn(actor: Actor, permissions: readonly Permission[]): void {
    const extra = beyond(actor.principal.permissions, permissions);
    if (extra.length) {
      throw forbidden(`A role cannot exceed your own permissions: ${extra.join(', ')}`);
    }
  }

  private async assertNameFree(companyId: string | null, name: string, exceptId?: string) {
    if (await this.repo.nameTaken(companyId, name, exceptId)) {
      throw new AppError('CONFLICT', `A role named "${name}" already exists`);
    }
  }

  private record(
    actor: Actor,
    action: string,
    row: CustomRoleRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: row.companyId ?? undefined,
      resourceType: 'custom_role',
      resourceId: row.id,
      details: { name: row.name, ...details },
    });
  }
}
