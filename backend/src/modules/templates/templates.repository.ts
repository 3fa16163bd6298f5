import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { TemplateListQuery } from '@multpanel/contracts';
import type { Prisma } from '../../generated/prisma/client';

const withCompanies = {
  companies: { select: { companyId: true }, orderBy: { companyId: 'asc' } },
} as const satisfies Prisma.VmTemplateInclude;
export type TemplateRow = Prisma.VmTemplateGetPayload<{ include: typeof withCompanies }> & {
  cluster: { name: string };
};

export interface ScannedTemplate {
  node: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string;
}

@Injectable()
export class TemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of the templates usable by one of `companyIds` (null = all, the staff), optionally
   * only those `companyId` may use; the allow-list is a join, not a filter in memory.
   */
  async list(
    companyIds: string[] | null,
    q: Pick<
      TemplateListQuery,
      'page' | 'pageSize' | 'sort' | 'clusterId' | 'companyId' | 'kind' | 'search'
    >,
  ): Promise<{ rows: TemplateRow[]; total: number }> {
    const usableBy = (ids: string[]): Prisma.VmTemplateWhereInput => ({
      companies: { some: { companyId: { in: ids } } },
    });
    const where: Prisma.VmTemplateWhereInput = {
      AND: [
        { goneAt: null },
        q.clusterId ? { clusterId: q.clusterId } : {},
        q.kind ? { kind: q.kind } : {},
        q.search ? { name: { contains: q.search } } : {},
        companyIds === null ? {} : usableBy(companyIds),
        q.companyId ? usableBy([q.companyId]) : {},
      ],
    };
    const dir = q.sort.startsWith('-') ? 'desc' : 'asc';
    const field = q.sort.replace(/^-/, '') as 'name' | 'lastSeenAt';
    const [rows, total] = await Promise.all([
      this.prisma.vmTemplate.findMany({
        where,
        include: withCompanies,
        // id breaks ties so a page boundary never repeats or skips a row.
        orderBy: [{ [field]: dir }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.vmTemplate.count({ where }),
    ]);
    return { rows: await this.withClusterNames(rows), total };
  }

  async findById(id: string): Promise<TemplateRow | null> {
    const row = await this.prisma.vmTemplate.findFirst({
      where: { id, goneAt: null },
      include: withCompanies,
    });
    return row ? (await this.withClusterNames([row]))[0] : null;
  }

  private async withClusterNames<T extends { clusterId: string }>(
    rows: T[],
  ): Promise<Array<T & { cluster: { name: string } }>> {
    const clusters = await this.prisma.cluster.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.clusterId))] } },
      select: { id: true, name: true },
    });
    const names = new Map(clusters.map((c) => [c.id, c.name]));
    return rows.map((r) => ({ ...r, cluster: { name: names.get(r.clusterId) ?? '' } }));
  }

  async update(
    id: string,
    data: { windowsGpu?: boolean },
    allowedCompanyIds?: string[],
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (allowedCompanyIds) {
        await tx.vmTemplateCompany.deleteMany({ where: { templateId: id } });
        await tx.vmTemplateCompany.createMany({
          data: allowedCompanyIds.map((companyId) => ({ templateId: id, companyId })),
        });
      }
      if (data.windowsGpu !== undefined) await tx.vmTemplate.update({ where: { id }, data });
    });
  }

  clusterIds(): Promise<string[]> {
    return this.prisma.cluster
      .findMany({ where: { status: { not: 'offline' } }, select: { id: true } })
      .then((r) => r.map((c) => c.id));
  }

  /** Upsert what the scan saw; templates no longer on the cluster get goneAt. */
  async applyScan(
    clusterId: string,
    seen: ScannedTemplate[],
    at: Date,
  ): Promise<{ found: number; gone: number }> {
    for (const t of seen) {
      await this.prisma.vmTemplate.upsert({
        where: { clusterId_vmid: { clusterId, vmid: t.vmid } },
        create: { clusterId, ...t, lastSeenAt: at },
        update: { node: t.node, kind: t.kind, name: t.name, lastSeenAt: at, goneAt: null },
      });
    }
    const gone = await this.prisma.vmTemplate.updateMany({
      where: { clusterId, goneAt: null, vmid: { notIn: seen.map((t) => t.vmid) } },
      data: { goneAt: at },
    });
    return { found: seen.length, gone: gone.count };
  }

  /** Record a template (seen now) usable by exactly `allowedCompanyIds`. */
  async upsertOne(clusterId: string, t: ScannedTemplate, allowedCompanyIds: string[]) {
    await this.prisma.$transaction(async (tx) => {
      const row = await tx.vmTemplate.upsert({
        where: { clusterId_vmid: { clusterId, vmid: t.vmid } },
        create: { clusterId, ...t },
        update: { ...t, goneAt: null, lastSeenAt: new Date() },
        select: { id: true },
      });
      await tx.vmTemplateCompany.deleteMany({ where: { templateId: row.id } });
      await tx.vmTemplateCompany.createMany({
        data: allowedCompanyIds.map((companyId) => ({ templateId: row.id, companyId })),
      });
    });
  }

  /** The template at (cluster, vmid), and whether anyone may use it yet. */
  findByVmid(clusterId: string, vmid: number) {
    return this.prisma.vmTemplate.findUnique({
      where: { clusterId_vmid: { clusterId, vmid } },
      include: withCompanies,
    });
  }

  existingCompanyIds(ids: string[]) {
    return this.prisma.company.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }
}
