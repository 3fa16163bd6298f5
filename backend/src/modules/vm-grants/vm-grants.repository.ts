import { Injectable } from '@nestjs/common';
import type { VmRight } from '@multpanel/contracts';
import { rightsOf } from '../../common/access/access.repository';
import { PrismaService } from '../../common/prisma/prisma.service';

/** VmGrant rows: per-VM rights of role `user` (checked by the access layer). */
@Injectable()
export class VmGrantsRepository {
  constructor(private readonly prisma: PrismaService) {}

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
      include: { user: { select: { id: true, email: true, heldEmail: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  usersOfCompany(companyId: string, ids: string[]) {
    return this.prisma.user.findMany({
      where: { id: { in: ids }, companyId, role: 'user' },
      select: { id: true },
    });
  }

  upsertMissing(userId: string, companyId: string, guestId: string, rights: VmRight[]) {
    return this.prisma.vmGrant.upsert({
      where: { userId_guestId: { userId, guestId } },
      create: { userId, companyId, guestId, rights },
      update: {},
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
