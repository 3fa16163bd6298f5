import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { EsxiProject, EsxiProjectVm, EsxiVm, Prisma } from '../../generated/prisma/client';

export type EsxiProjectRow = EsxiProject;
export type EsxiProjectVmRow = EsxiProjectVm & { vm: EsxiVm };

/** Migration projects and their VMs; every read and write is bounded by the caller's scope. */
@Injectable()
export class EsxiProjectsRepository {
  constructor(private readonly prisma: PrismaService) {}

  page(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[EsxiProjectRow[], number]> {
    const where: Prisma.EsxiProjectWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.esxiProject.findMany({ where, orderBy: { createdAt: 'desc' }, skip, take }),
      this.prisma.esxiProject.count({ where }),
    ]);
  }

  find(scope: Scope, id: string): Promise<EsxiProjectRow | null> {
    return this.prisma.esxiProject.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  vms(scope: Scope, projectId: string, wave?: number): Promise<EsxiProjectVmRow[]> {
    return this.prisma.esxiProjectVm.findMany({
      where: { projectId, ...companyWhere(scope), ...(wave !== undefined ? { wave } : {}) },
      include: { vm: true },
      orderBy: [{ wave: 'asc' }, { position: 'asc' }],
    });
  }

  create(data: Prisma.EsxiProjectUncheckedCreateInput): Promise<EsxiProjectRow> {
    return this.prisma.esxiProject.create({ data });
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const r = await this.prisma.esxiProject.deleteMany({ where: { id, ...companyWhere(scope) } });
    return r.count > 0;
  }

  /** How many of `ids` are VMs of the source (in scope). */
  countSourceVms(scope: Scope, sourceId: string, ids: string[]): Promise<number> {
    return this.prisma.esxiVm.count({
      where: { sourceId, id: { in: ids }, ...companyWhere(scope) },
    });
  }

  /**
   * Replaces the planned part of the list: VMs already started keep their row; the others are
   * written in the given order (position) and wave; planned ones not listed go.
   */
  async setVms(
    project: EsxiProjectRow,
    vms: Array<{ esxiVmId: string; wave: number }>,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const started = await tx.esxiProjectVm.findMany({
        where: { projectId: project.id, status: 'started' },
        select: { esxiVmId: true },
      });
      const keep = new Set(started.map((s) => s.esxiVmId));
      await tx.esxiProjectVm.deleteMany({
        where: {
          projectId: project.id,
          status: { not: 'started' },
          esxiVmId: { notIn: vms.map((v) => v.esxiVmId) },
        },
      });
      let position = 0;
      for (const v of vms) {
        position++;
        if (keep.has(v.esxiVmId)) continue;
        await tx.esxiProjectVm.upsert({
          where: { projectId_esxiVmId: { projectId: project.id, esxiVmId: v.esxiVmId } },
          create: {
            projectId: project.id,
            companyId: project.companyId,
            esxiVmId: v.esxiVmId,
            wave: v.wave,
            position,
          },
          update: { wave: v.wave, position, status: 'planned', error: null },
        });
      }
    });
  }

  async updateVm(id: string, data: Prisma.EsxiProjectVmUncheckedUpdateInput): Promise<void> {
    await this.prisma.esxiProjectVm.update({ where: { id }, data });
  }
}
