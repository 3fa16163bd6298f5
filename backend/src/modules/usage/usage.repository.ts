import { Injectable } from '@nestjs/common';
import { isInternalAddress } from '../../common/net/internal-address';
import { PrismaService } from '../../common/prisma/prisma.service';

export interface UsageSnapshotRow {
  companyId: string;
  vcpus: number;
  memBytes: bigint;
  diskBytes: bigint;
  guests: number;
  running: string[];
  diskUsedBytes: bigint | null;
  diskUsedGuests: number;
  backupBytes: bigint | null;
  publicIps: number;
}

export const emptyRow = (companyId: string): UsageSnapshotRow => ({
  companyId,
  vcpus: 0,
  memBytes: 0n,
  diskBytes: 0n,
  guests: 0,
  running: [],
  diskUsedBytes: null,
  diskUsedGuests: 0,
  backupBytes: null,
  publicIps: 0,
});

/** Hourly usage samples. Callers have already checked the company against the actor's scope. */
@Injectable()
export class UsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** What every company holds now: live, non-template guests assigned to a company. */
  async current(): Promise<UsageSnapshotRow[]> {
    const guests = await this.prisma.guest.findMany({
      where: { companyId: { not: null }, goneAt: null, template: false },
      select: {
        id: true,
        companyId: true,
        status: true,
        maxcpu: true,
        maxmem: true,
        maxdisk: true,
      },
    });
    const by = new Map<string, UsageSnapshotRow>();
    for (const g of guests) {
      const companyId = g.companyId!;
      let row = by.get(companyId);
      if (!row) {
        row = emptyRow(companyId);
        by.set(companyId, row);
      }
      row.vcpus += g.maxcpu ?? 0;
      row.memBytes += g.maxmem ?? 0n;
      row.diskBytes += g.maxdisk ?? 0n;
      row.guests += 1;
      if (g.status === 'running') row.running.push(g.id);
    }
    return [...by.values()];
  }

  /** One row per company and hour: a re-run of the same hour overwrites it. */
  async write(hour: Date, rows: UsageSnapshotRow[]): Promise<void> {
    for (const r of rows) {
      const data = {
        vcpus: r.vcpus,
        memBytes: r.memBytes,
        diskBytes: r.diskBytes,
        guests: r.guests,
        running: r.running,
        diskUsedBytes: r.diskUsedBytes,
        diskUsedGuests: r.diskUsedGuests,
        backupBytes: r.backupBytes,
        publicIps: r.publicIps,
      };
      await this.prisma.usageSample.upsert({
        where: { companyId_hour: { companyId: r.companyId, hour } },
        create: { companyId: r.companyId, hour, ...data },
        update: data,
      });
    }
  }

  /**
   * Public addresses per company: those of the MSP's shared ranges (no owning company) handed to a
   * company, allocated or reserved; private ranges (RFC 1918, CGNAT, ULA …) are not billed.
   */
  async publicIps(): Promise<Map<string, number>> {
    const rows = await this.prisma.ipAddress.findMany({
      where: {
        companyId: { not: null },
        status: { in: ['allocated', 'reserved'] },
        range: { companyId: null },
      },
      select: { companyId: true, address: true },
    });
    const by = new Map<string, number>();
    for (const r of rows) {
      if (isInternalAddress(r.address)) continue;
      by.set(r.companyId!, (by.get(r.companyId!) ?? 0) + 1);
    }
    return by;
  }

  samples(companyId: string, from: Date, to: Date) {
    return this.prisma.usageSample.findMany({
      where: { companyId, hour: { gte: from, lt: to } },
      orderBy: { hour: 'asc' },
    });
  }

  guestNames(ids: string[]) {
    return this.prisma.guest.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
  }

  priceList(companyId: string) {
    return this.prisma.usagePriceList.findUnique({ where: { companyId } });
  }

  setPriceList(
    companyId: string,
    data: {
      currency: string;
      vcpuHour: number;
      ramGbHour: number;
      diskGbMonth: number;
      backupGbMonth: number;
      publicIpMonth: number;
    },
  ) {
    return this.prisma.usagePriceList.upsert({
      where: { companyId },
      create: { companyId, ...data },
      update: data,
    });
  }
}
