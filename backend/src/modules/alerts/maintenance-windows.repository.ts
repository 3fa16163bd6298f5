import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

export type MaintenanceWindowRow = Prisma.MaintenanceWindowGetPayload<object>;

/** Maintenance windows (alerts module). Reads for people take the scope first. */
@Injectable()
export class MaintenanceWindowsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Windows not yet over, newest start first, and the last 100 past ones. */
  async list(scope: Scope, now: Date): Promise<MaintenanceWindowRow[]> {
    const where = companyWhere(scope);
    const [current, past] = await Promise.all([
      this.prisma.maintenanceWindow.findMany({
        where: { ...where, endsAt: { gt: now } },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      }),
      this.prisma.maintenanceWindow.findMany({
        where: { ...where, endsAt: { lte: now } },
        orderBy: [{ endsAt: 'desc' }, { id: 'desc' }],
        take: 100,
      }),
    ]);
    return [...current, ...past];
  }

  find(scope: Scope, id: string): Promise<MaintenanceWindowRow | null> {
    return this.prisma.maintenanceWindow.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  create(data: Prisma.MaintenanceWindowUncheckedCreateInput): Promise<MaintenanceWindowRow> {
    return this.prisma.maintenanceWindow.create({ data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.maintenanceWindow.deleteMany({ where: { id } });
  }

  /** Evaluation (platform): the windows open at `at`. */
  openAt(at: Date): Promise<MaintenanceWindowRow[]> {
    return this.prisma.maintenanceWindow.findMany({
      where: { startsAt: { lte: at }, endsAt: { gt: at } },
    });
  }
}
