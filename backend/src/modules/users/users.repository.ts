import { Injectable } from '@nestjs/common';
import type { UserListQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

const include = { company: { select: { name: true } } } as const;
export type UserRow = Prisma.UserGetPayload<{ include: typeof include }>;

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  private where(scope: Scope, extra: Prisma.UserWhereInput = {}): Prisma.UserWhereInput {
    return { AND: [companyWhere(scope), extra] };
  }

  async list(scope: Scope, q: UserListQuery): Promise<{ rows: UserRow[]; total: number }> {
    const where = this.where(scope, {
      ...(q.role ? { role: q.role } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.companyId ? { companyId: q.companyId } : {}),
      ...(q.search
        ? {
            OR: [
              { email: { contains: q.search } },
              { heldEmail: { contains: q.search } },
              { name: { contains: q.search } },
            ],
          }
        : {}),
    });
    const [rows, total] = await Promise.all([
      this.prisma.user.findMany({
        where,
        include,
        orderBy: [{ name: 'asc' }, { email: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.user.count({ where }),
    ]);
    return { rows, total };
  }

  find(scope: Scope, id: string): Promise<UserRow | null> {
    return this.prisma.user.findFirst({ where: this.where(scope, { id }), include });
  }

  companyInScope(scope: Scope, companyId: string): Promise<boolean> {
    return this.prisma.company
      .count({ where: { AND: [{ id: companyId }, companyWhere(scope, 'id')] } })
      .then((n) => n > 0);
  }

  /**
   * The account holding `email` (other than `exceptId`), with whether `scope` covers it. A
   * placeholder in scope that was entered with this address counts as holding it there.
   */
  async emailHolder(
    scope: Scope,
    email: string,
    exceptId?: string,
  ): Promise<{ inScope: boolean } | null> {
    const other = exceptId ? { id: { not: exceptId } } : {};
    const inScope = await this.prisma.user.count({
      where: this.where(scope, { OR: [{ email }, { heldEmail: email }], ...other }),
    });
    if (inScope > 0) return { inScope: true };
    const row = await this.prisma.user.findFirst({
      where: { email, ...other },
      select: { id: true },
    });
    return row ? { inScope: false } : null;
  }

  /** The account outside any company scope that holds `email` (for the notice mail). */
  findByEmail(email: string): Promise<UserRow | null> {
    return this.prisma.user.findUnique({ where: { email }, include });
  }

  /** Whether `domain` is the staff's own: MSP staff accounts use it and no company's users do. */
  async staffOnlyDomain(domain: string): Promise<boolean> {
    const at = { endsWith: `@${domain}` };
    const [staff, customers] = await Promise.all([
      this.prisma.user.count({ where: { companyId: null, email: at } }),
      this.prisma.user.count({ where: { companyId: { not: null }, email: at } }),
    ]);
    return staff > 0 && customers === 0;
  }

  create(data: Prisma.UserUncheckedCreateInput): Promise<UserRow> {
    return this.prisma.user.create({ data, include });
  }

  async update(scope: Scope, id: string, data: Prisma.UserUpdateInput): Promise<UserRow | null> {
    const { count } = await this.prisma.user.updateMany({ where: this.where(scope, { id }), data });
    return count === 1 ? this.find(scope, id) : null;
  }

  async delete(scope: Scope, id: string): Promise<boolean> {
    const { count } = await this.prisma.user.deleteMany({ where: this.where(scope, { id }) });
    return count === 1;
  }

  revokeAllSessions(userId: string, reason: string) {
    return this.prisma.refreshSession.updateMany({
      where: { userId, OR: [{ revokedAt: null }, { revokedReason: 'rotated' }] },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
  }

  activeSessions(userId: string) {
    return this.prisma.refreshSession.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
  }

  createToken(data: {
    userId: string;
    kind: 'invite' | 'password_reset';
    tokenHash: string;
    expiresAt: Date;
  }) {
    return this.prisma.userToken.create({ data });
  }
}
