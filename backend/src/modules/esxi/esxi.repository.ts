import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { EsxiSource, EsxiVm, Prisma } from '../../generated/prisma/client';

export type EsxiSourceRow = EsxiSource;
export type EsxiVmRow = EsxiVm;

/** ESXi sources and their discovered VMs; every read and write is bounded by the caller's scope. */
@Injectable()
export class EsxiRepository {
  constructor(private readonly prisma: PrismaService) {}

  sourcePage(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[EsxiSourceRow[], number]> {
    const where: Prisma.EsxiSourceWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.esxiSource.findMany({ where, orderBy: { name: 'asc' }, skip, take }),
      this.prisma.esxiSource.count({ where }),
    ]);
  }

  source(scope: Scope, id: string): Promise<EsxiSourceRow | null> {
    return this.prisma.esxiSource.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  createSource(data: Prisma.EsxiSourceUncheckedCreateInput): Promise<EsxiSourceRow> {
    return this.prisma.esxiSource.create({ data });
  }

  async updateSource(
    scope: Scope,
    id: string,
    data: Prisma.EsxiSourceUncheckedUpdateInput,
  ): Promise<EsxiSourceRow | null> {
    const r = await this.prisma.esxiSource.updateMany({
      where: { id, ...companyWhere(scope) },
      data,
    });
    return r.count ? this.source(scope, id) : null;
  }

  async removeSource(scope: Scope, id: string): Promise<boolean> {
    const r = await this.prisma.esxiSource.deleteMany({ where: { id, ...companyWhere(scope) } });
    return r.count > 0;
  }

  vmPage(
    scope: Scope,
    sourceId: string,
    filter: { search?: string; powerState?: string },
    skip: number,
    take: number,
  ): Promise<[EsxiVmRow[], number]> {
    const where: Prisma.EsxiVmWhereInput = {
      sourceId,
      ...companyWhere(scope),
      ...(filter.powerState ? { powerState: filter.powerState } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: { contains: filter.search } },
              { guestOsName: { contains: filter.search } },
              { guestOs: { contains: filter.search } },
            ],
          }
        : {}),
    };
    return Promise.all([
      this.prisma.esxiVm.findMany({ where, orderBy: { name: 'asc' }, skip, take }),
      this.prisma.esxiVm.count({ where }),
    ]);
  }

  /** Every stored VM of a source (for the diff of a rediscovery). */
  /** A discovered VM of a source in the caller's scope. */
  vm(scope: Scope, sourceId: string, vmId: string): Promise<EsxiVmRow | null> {
    return this.prisma.esxiVm.findFirst({ where: { id: vmId, sourceId, ...companyWhere(scope) } });
  }

  /** A VM of a source of the company (worker side: the job carries the company). */
  vmForJob(companyId: string, sourceId: string, id: string): Promise<EsxiVmRow | null> {
    return this.prisma.esxiVm.findFirst({ where: { id, sourceId, companyId } });
  }

  allVms(sourceId: string): Promise<EsxiVmRow[]> {
    return this.prisma.esxiVm.findMany({ where: { sourceId } });
  }

  /**
   * Replaces a source's inventory with what the discovery found, in one transaction: upsert by moref,
   * delete what is gone, store datastores, networks and what changed.
   */
  async storeDiscovery(
    source: { id: string; companyId: string },
    vms: Omit<Prisma.EsxiVmUncheckedCreateInput, 'sourceId' | 'companyId' | 'discoveredAt'>[],
    summary: {
      at: Date;
      datastores: Prisma.InputJsonValue;
      networks: Prisma.InputJsonValue;
      changes: Prisma.InputJsonValue;
    },
  ): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        for (const vm of vms) {
          const data = {
            ...vm,
            sourceId: source.id,
            companyId: source.companyId,
            discoveredAt: summary.at,
          };
          await tx.esxiVm.upsert({
            where: { sourceId_moref: { sourceId: source.id, moref: vm.moref } },
            create: data,
            update: data,
          });
        }
        await tx.esxiVm.deleteMany({
          where: { sourceId: source.id, moref: { notIn: vms.map((v) => v.moref) } },
        });
        await tx.esxiSource.update({
          where: { id: source.id },
          data: {
            lastDiscoveryAt: summary.at,
            vmCount: vms.length,
            datastores: summary.datastores,
            networks: summary.networks,
            changes: summary.changes,
          },
        });
      },
      { timeout: 120_000 },
    );
  }

  /** Worker side: the source a discovery job names (the job carries its company). */
  sourceForJob(companyId: string, id: string): Promise<EsxiSourceRow | null> {
    return this.prisma.esxiSource.findFirst({ where: { id, companyId } });
  }

  async recordTest(
    id: string,
    data: {
      apiType?: string | null;
      version?: string | null;
      vmCount?: number | null;
      error: string | null;
      at: Date;
    },
  ): Promise<void> {
    await this.prisma.esxiSource.updateMany({
      where: { id },
      data: {
        lastTestAt: data.at,
        lastError: data.error,
        ...(data.error === null
          ? { apiType: data.apiType, version: data.version, vmCount: data.vmCount }
          : {}),
      },
    });
  }
}
