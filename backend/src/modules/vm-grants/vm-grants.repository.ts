import { Injectable } from '@nestjs/common';
import { VM_RIGHTS, type VmRight } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

export const rightsOf = (v: unknown): VmRight[] =>
  Array.isArray(v) ? VM_RIGHTS.filter((r) => (v as unknown[]).includes(r)) : [];

const guestWithCluster = {
  cluster: { select: { id: true, name: true, status: true } },
} satisfies Prisma.GuestInclude;
export type AccessibleGuest = Prisma.GuestGetPayload<{ include: typeof guestWithCluster }>;

/** VmGrant rows and the scoped guest lookup behind every per-VM access check. */
@Injectable()
export class VmGrantsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A live, company-owned guest inside the scope's companies (grants are checked by the caller). */
  findGuest(scope: Scope, id: string): Promise<AccessibleGuest | null> {
    return this.prisma.guest.findFirst({
      where: {
        id,
        goneAt: null,
        AND: [{ companyId: { not: null } }, companyWhere(scope) as Prisma.GuestWhereInput],
      },
      include: guestWithCluster,
    });
  }

  async grant(userId: string, guestId: string): Promise<VmRight[] | null> {
    const row = await this.prisma.vmGrant.findUnique({
      where: { userId_guestId: { userId, guestId } },
      select: { rights: true },
    });
    return row ? rightsOf(row.rights) : null;
  }

  async guestIdsForUser(userId: string): Promise<string[]> {
    const rows = await this.prisma.vmGrant.findMany({
      where: { userId },
      select: { guestId: true, rights: true },
    });
    return rows.filter((r) => rightsOf(r.rights).includes('view')).map((r) => r.guestId);
  }

  async userIdsForGuest(guestId: string): Promise<string[]> {
    const rows = await this.prisma.vmGrant.findMany({
      where: { guestId },
      select: { userId: true },
    });
    return rows.map((r) => r.userId);
  }

  removeForGuest(guestId: string) {
    return this.prisma.vmGrant.deleteMany({ where: { guestId } });
  }

  listForGuest(guestId: string) {
    return this.prisma.vmGrant.findMany({
      where: { guestId },
      include: { user: { select: { id: true, email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  usersOfCompany(companyId: string, ids: string[]) {
    return this.prisma.user.findMany({
      where: { id: { in: ids }, companyId, role: 'user' },
      select: { id: true },
    });
  }

  /** Replace every grant on the guest with `entries` (empty rights = no grant). */
  async replace(
    companyId: string,
    guestId: string,
    entries: Array<{ userId: string; rights: VmRight[] }>,
  ): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.vmGrant.deleteMany({ where: { guestId } }),
      this.prisma.vmGrant.createMany({
        data: entries
          .filter((e) => e.rights.length)
          .map((e) => ({ userId: e.userId, companyId, guestId, rights: e.rights })),
      }),
    ]);
  }
}
