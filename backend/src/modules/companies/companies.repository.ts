import { Injectable } from '@nestjs/common';
import type { CompanyListQuery, CreateCompanyInput } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { endSessionsWithout2fa } from '../../common/auth/sessions-without-2fa';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { JobStatus, Prisma } from '../../generated/prisma/client';
import { quotaGuestsWhere, toQuotaUsage, type QuotaUsageRow } from '../quotas/quotas.repository';

const include = {
  salespersonAssignments: { select: { userId: true } },
  _count: { select: { users: true } },
} as const;
export type CompanyRow = Prisma.CompanyGetPayload<{ include: typeof include }>;

@Injectable()
export class CompaniesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The company's users who now need a second factor sign in again (and enrol). */
  endSessionsWithout2fa(companyId: string, keepFamilyId?: string): Promise<number> {
    return endSessionsWithout2fa(this.prisma, { companyId }, keepFamilyId);
  }

  private where(scope: Scope, extra: Prisma.CompanyWhereInput = {}): Prisma.CompanyWhereInput {
    return { AND: [companyWhere(scope, 'id'), extra] };
  }

  async list(scope: Scope, q: CompanyListQuery): Promise<{ rows: CompanyRow[]; total: number }> {
    const where = this.where(scope, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.search
        ? {
            OR: [
              { name: { contains: q.search } },
              { slug: { contains: q.search } },
              { contactEmail: { contains: q.search } },
            ],
          }
        : {}),
    });
    const [rows, total] = await Promise.all([
      this.prisma.company.findMany({
        where,
        include,
        orderBy: { name: 'asc' },
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.company.count({ where }),
    ]);
    return { rows, total };
  }

  /** Guests and resources in use per company, for a page of the list in one query. */
  async usageOf(ids: string[]): Promise<Map<string, QuotaUsageRow>> {
    const groups = await this.prisma.guest.groupBy({
      by: ['companyId'],
      where: { companyId: { in: ids }, ...quotaGuestsWhere },
      _count: { _all: true },
      _sum: { maxcpu: true, maxmem: true, maxdisk: true },
    });
    return new Map(groups.map((g) => [g.companyId!, toQuotaUsage(g._count._all, g._sum)]));
  }

  find(scope: Scope, id: string): Promise<CompanyRow | null> {
    return this.prisma.company.findFirst({ where: this.where(scope, { id }), include });
  }

  create(data: CreateCompanyInput & { slug: string }): Promise<CompanyRow> {
    return this.prisma.company.create({ data, include });
  }

  /** Updates only inside the scope; null when the id is not visible. */
  async update(
    scope: Scope,
    id: string,
    data: Prisma.CompanyUpdateInput,
  ): Promise<CompanyRow | null> {
    const { count } = await this.prisma.company.updateMany({
      where: this.where(scope, { id }),
      data,
    });
    return count === 1 ? this.find(scope, id) : null;
  }

  /**
   * Removes the company (in scope) with its quota requests, jobs and cluster allowances, unless it
   * still owns guests or dedicated clusters, or has jobs queued or running: then nothing is removed. Users, keys, grants
   * and its identity provider go by foreign key (users must be gone first: checked by the caller).
   */
  delete(
    scope: Scope,
    id: string,
  ): Promise<'deleted' | 'missing' | { blocked: 'guests' | 'jobs' | 'clusters'; count: number }> {
    return this.prisma.$transaction(async (tx) => {
      if ((await tx.company.count({ where: this.where(scope, { id }) })) !== 1) return 'missing';
      const guests = await tx.guest.count({ where: { companyId: id, goneAt: null } });
      if (guests > 0) return { blocked: 'guests' as const, count: guests };
      const live: JobStatus[] = ['queued', 'running'];
      const jobs = await tx.job.count({ where: { companyId: id, status: { in: live } } });
      if (jobs > 0) return { blocked: 'jobs' as const, count: jobs };
      const clusters = await tx.cluster.count({ where: { ownerCompanyId: id } });
      if (clusters > 0) return { blocked: 'clusters' as const, count: clusters };
      await tx.company.delete({ where: { id } });
      await tx.quotaRequest.deleteMany({ where: { companyId: id } });
      await tx.job.deleteMany({ where: { companyId: id } });
      await tx.clusterCompany.deleteMany({ where: { companyId: id } });
      return 'deleted' as const;
    });
  }

  slugTaken(slug: string): Promise<boolean> {
    return this.prisma.company.count({ where: { slug } }).then((n) => n > 0);
  }

  countSalespeople(ids: string[]): Promise<number> {
    return this.prisma.user.count({ where: { id: { in: ids }, role: 'salesperson' } });
  }

  setSalespeople(companyId: string, userIds: string[]) {
    return this.prisma.$transaction([
      this.prisma.salespersonAssignment.deleteMany({
        where: { companyId, userId: { notIn: userIds } },
      }),
      this.prisma.salespersonAssignment.createMany({
        data: userIds.map((userId) => ({ userId, companyId })),
        skipDuplicates: true,
      }),
    ]);
  }
}
