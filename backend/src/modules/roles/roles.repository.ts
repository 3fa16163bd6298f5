import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, UserRole } from '../../generated/prisma/client';

export type CustomRoleRow = Prisma.CustomRoleGetPayload<object>;

/** A user a custom role may be given to, as the caller's scope lets them see it. */
export interface RoleHolderRow {
  id: string;
  role: UserRole;
  companyId: string | null;
  customRole: { id: string; permissions: Prisma.JsonValue } | null;
}

/**
 * Custom roles and their assignment. `companyIds` is the caller's company scope (null: every
 * company); every read puts it in the `where`: platform-wide roles (companyId null) are visible to
 * every caller, company roles only within the scope.
 */
@Injectable()
export class RolesRepository {
  constructor(private readonly prisma: PrismaService) {}

  private where(companyIds: string[] | null, extra: Prisma.CustomRoleWhereInput = {}) {
    const visible: Prisma.CustomRoleWhereInput =
      companyIds === null ? {} : { OR: [{ companyId: null }, { companyId: { in: companyIds } }] };
    return { AND: [visible, extra] };
  }

  list(companyIds: string[] | null): Promise<CustomRoleRow[]> {
    return this.prisma.customRole.findMany({
      where: this.where(companyIds),
      orderBy: [{ companyId: 'asc' }, { name: 'asc' }],
    });
  }

  find(companyIds: string[] | null, id: string): Promise<CustomRoleRow | null> {
    return this.prisma.customRole.findFirst({ where: this.where(companyIds, { id }) });
  }

  /** Holders per role, counting only users of the companies in scope (staff: all users). */
  async userCounts(companyIds: string[] | null, roleIds: string[]): Promise<Map<string, number>> {
    if (roleIds.length === 0) return new Map();
    const groups = await this.prisma.user.groupBy({
      by: ['customRoleId'],
      where: {
        customRoleId: { in: roleIds },
        ...(companyIds === null ? {} : { companyId: { in: companyIds } }),
      },
      _count: { _all: true },
    });
    return new Map(groups.map((g) => [g.customRoleId ?? '', g._count._all]));
  }

  /** Any holder at all, whoever's company (a role in use cannot be deleted). */
  countHolders(id: string): Promise<number> {
    return this.prisma.user.count({ where: { customRoleId: id } });
  }

  nameTaken(companyId: string | null, name: string, exceptId?: string): Promise<number> {
    return this.prisma.customRole.count({
      where: { companyId, name, ...(exceptId ? { id: { not: exceptId } } : {}) },
    });
  }

  create(data: {
    companyId: string | null;
    name: string;
    description: string | null;
    permissions: string[];
  }): Promise<CustomRoleRow> {
    return this.prisma.customRole.create({ data });
  }

  update(
    id: string,
    data: { name?: string; description?: string | null; permissions?: string[] },
  ): Promise<CustomRoleRow> {
    return this.prisma.customRole.update({ where: { id }, data });
  }

  delete(id: string): Promise<CustomRoleRow> {
    return this.prisma.customRole.delete({ where: { id } });
  }

  findUser(companyIds: string[] | null, userId: string): Promise<RoleHolderRow | null> {
    return this.prisma.user.findFirst({
      where: { id: userId, ...(companyIds === null ? {} : { companyId: { in: companyIds } }) },
      select: {
        id: true,
        role: true,
        companyId: true,
        customRole: { select: { id: true, permissions: true } },
      },
    });
  }

  setUserRole(userId: string, customRoleId: string | null): Promise<unknown> {
    return this.prisma.user.update({ where: { id: userId }, data: { customRoleId } });
  }
}
