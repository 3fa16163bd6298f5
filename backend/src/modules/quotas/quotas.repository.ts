import { Injectable } from '@nestjs/common';
import type { QuotaRequestStatus, QuotaValues } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

export interface QuotaUsageRow {
  guests: number;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
}
type Tx = Prisma.TransactionClient;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Guests that count against a quota: live, non-template, including ones still being created. */
export const quotaGuestsWhere = { goneAt: null, template: false } as const;

/** A guest aggregate (count and sums of maxcpu/maxmem/maxdisk) in quota units. */
export function toQuotaUsage(
  count: number,
  sum: { maxcpu: number | null; maxmem: bigint | number | null; maxdisk: bigint | number | null },
): QuotaUsageRow {
  return {
    guests: count,
    vcpus: Math.round(sum.maxcpu ?? 0),
    memoryMb: Math.round(Number(sum.maxmem ?? 0) / MIB),
    diskGb: Math.round(Number(sum.maxdisk ?? 0) / GIB),
  };
}

/** Company limits, usage aggregates and quota requests. */
@Injectable()
export class QuotasRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
  }

  /** Row lock on the company: concurrent reservations for one company run one after another. */
  async lockCompany(tx: Tx, companyId: string): Promise<QuotaValues | null> {
    const rows = await tx.$queryRaw<
      Array<{
        maxGuests: number | null;
        maxVcpus: number | null;
        maxMemoryMb: number | null;
        maxDiskGb: number | null;
      }>
    >`SELECT maxGuests, maxVcpus, maxMemoryMb, maxDiskGb FROM Company WHERE id = ${companyId} FOR UPDATE`;
    const r = rows[0];
    return r
      ? { guests: r.maxGuests, vcpus: r.maxVcpus, memoryMb: r.maxMemoryMb, diskGb: r.maxDiskGb }
      : null;
  }

  async limits(companyId: string): Promise<QuotaValues | null> {
    const c = await this.prisma.company.findUnique({
      where: { id: companyId },
      select: { maxGuests: true, maxVcpus: true, maxMemoryMb: true, maxDiskGb: true },
    });
    return c
      ? { guests: c.maxGuests, vcpus: c.maxVcpus, memoryMb: c.maxMemoryMb, diskGb: c.maxDiskGb }
      : null;
  }

  /** Live, non-template guests of the company, including ones still being created. */
  async usage(companyId: string, tx: Tx = this.prisma): Promise<QuotaUsageRow> {
    const a = await tx.guest.aggregate({
      where: { companyId, ...quotaGuestsWhere },
      _count: { _all: true },
      _sum: { maxcpu: true, maxmem: true, maxdisk: true },
    });
    return toQuotaUsage(a._count._all, a._sum);
  }

  setLimits(companyId: string, v: Partial<QuotaValues>, tx: Tx = this.prisma) {
    const data: Prisma.CompanyUpdateInput = {};
    if (v.guests !== undefined) data.maxGuests = v.guests;
    if (v.vcpus !== undefined) data.maxVcpus = v.vcpus;
    if (v.memoryMb !== undefined) data.maxMemoryMb = v.memoryMb;
    if (v.diskGb !== undefined) data.maxDiskGb = v.diskGb;
    return tx.company.update({ where: { id: companyId }, data });
  }

  createRequest(data: Prisma.QuotaRequestUncheckedCreateInput) {
    return this.prisma.quotaRequest.create({ data });
  }

  requests(
    scope: Scope,
    filter: { status?: QuotaRequestStatus; companyId?: string },
    page: { skip: number; take: number },
  ) {
    // The scope and the filters are ANDed: a filter can only narrow what the caller may see.
    const where = {
      AND: [
        companyWhere(scope),
        filter.status ? { status: filter.status } : {},
        filter.companyId ? { companyId: filter.companyId } : {},
      ],
    };
    return Promise.all([
      this.prisma.quotaRequest.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...page,
      }),
      this.prisma.quotaRequest.count({ where }),
    ]);
  }

  findRequest(scope: Scope, id: string) {
    return this.prisma.quotaRequest.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  decide(
    id: string,
    data: { status: QuotaRequestStatus; decidedById: string; note: string | null },
    tx: Tx = this.prisma,
  ) {
    return tx.quotaRequest.updateMany({
      where: { id, status: 'pending' },
      data: { ...data, decidedAt: new Date() },
    });
  }

  cancel(id: string) {
    return this.prisma.quotaRequest.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'cancelled', decidedAt: new Date() },
    });
  }

  userNames(ids: string[]) {
    return this.prisma.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
  }

  companyNames(ids: string[]) {
    return this.prisma.company.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
  }
}
