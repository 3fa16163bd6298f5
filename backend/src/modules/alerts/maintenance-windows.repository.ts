import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

export type MaintenanceWindowRow = Prisma.MaintenanceWindowGetPayload<object>;

/** id → name of what windows cover. */
export interface WindowNames {
  company: Map<string, string>;
  cluster: Map<string, string>;
  guest: Map<string, string>;
}

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

  /** Names of the companies, clusters and guests these windows cover (for people reading them). */
  async names(rows: MaintenanceWindowRow[]): Promise<WindowNames> {
    const ids = (k: 'companyId' | 'clusterId' | 'guestId') => [
      ...new Set(rows.map((r) => r[k]).filter((v): v is string => v !== null)),
    ];
    const [companies, clusters, guests] = await Promise.all([
      this.prisma.company.findMany({
        where: { id: { in: ids('companyId') } },
        select: { id: true, name: true },
      }),
      this.prisma.cluster.findMany({
        where: { id: { in: ids('clusterId') } },
        select: { id: true, name: true },
      }),
      this.prisma.guest.findMany({
        where: { id: { in: ids('guestId') } },
        select: { id: true, name: true, vmid: true },
      }),
    ]);
    return {
      company: new Map(companies.map((c) => [c.id, c.name])),
      cluster: new Map(clusters.map((c) => [c.id, c.name])),
      guest: new Map(guests.map((g) => [g.id, g.name ?? `VM ${g.vmid}`])),
    };
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
