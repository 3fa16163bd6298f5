import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, VmTemplate } from '../../generated/prisma/client';

export type TemplateRow = VmTemplate & { cluster: { name: string } };
export interface ScannedTemplate {
  node: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string;
}

@Injectable()
export class TemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(clusterId?: string): Promise<TemplateRow[]> {
    const rows = await this.prisma.vmTemplate.findMany({
      where: { goneAt: null, ...(clusterId ? { clusterId } : {}) },
      orderBy: [{ name: 'asc' }],
    });
    return this.withClusterNames(rows);
  }

  async findById(id: string): Promise<TemplateRow | null> {
    const row = await this.prisma.vmTemplate.findFirst({ where: { id, goneAt: null } });
    return row ? (await this.withClusterNames([row]))[0] : null;
  }

  private async withClusterNames(rows: VmTemplate[]): Promise<TemplateRow[]> {
    const clusters = await this.prisma.cluster.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.clusterId))] } },
      select: { id: true, name: true },
    });
    const names = new Map(clusters.map((c) => [c.id, c.name]));
    return rows.map((r) => ({ ...r, cluster: { name: names.get(r.clusterId) ?? '' } }));
  }

  update(id: string, data: Prisma.VmTemplateUpdateInput) {
    return this.prisma.vmTemplate.update({ where: { id }, data });
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
        create: { clusterId, ...t, allowedCompanyIds: [], lastSeenAt: at },
        update: { node: t.node, kind: t.kind, name: t.name, lastSeenAt: at, goneAt: null },
      });
    }
    const gone = await this.prisma.vmTemplate.updateMany({
      where: { clusterId, goneAt: null, vmid: { notIn: seen.map((t) => t.vmid) } },
      data: { goneAt: at },
    });
    return { found: seen.length, gone: gone.count };
  }

  upsertOne(clusterId: string, t: ScannedTemplate, allowedCompanyIds: string[]) {
    return this.prisma.vmTemplate.upsert({
      where: { clusterId_vmid: { clusterId, vmid: t.vmid } },
      create: { clusterId, ...t, allowedCompanyIds },
      update: { ...t, allowedCompanyIds, goneAt: null, lastSeenAt: new Date() },
    });
  }

  existingCompanyIds(ids: string[]) {
    return this.prisma.company.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }
}
