import { Injectable } from '@nestjs/common';
import { ALL_SCOPE, companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Deployment, DeploymentRelease, Prisma } from '../../generated/prisma/client';

export type DeploymentRow = Deployment;
export type ReleaseRow = DeploymentRelease;

/** Deployments and their releases; every read and write is bounded by the caller's scope. */
@Injectable()
export class DeploymentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  page(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[DeploymentRow[], number]> {
    const where: Prisma.DeploymentWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.deployment.findMany({ where, orderBy: { name: 'asc' }, skip, take }),
      this.prisma.deployment.count({ where }),
    ]);
  }

  find(scope: Scope, id: string): Promise<DeploymentRow | null> {
    return this.prisma.deployment.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  nameTaken(companyId: string, name: string): Promise<boolean> {
    return this.prisma.deployment.count({ where: { companyId, name } }).then((n: number) => n > 0);
  }

  create(data: Prisma.DeploymentUncheckedCreateInput): Promise<DeploymentRow> {
    return this.prisma.deployment.create({ data });
  }

  async update(
    scope: Scope,
    id: string,
    data: Prisma.DeploymentUncheckedUpdateInput,
  ): Promise<DeploymentRow | null> {
    const r = await this.prisma.deployment.updateMany({
      where: { id, ...companyWhere(scope) },
      data,
    });
    return r.count ? this.find(scope, id) : null;
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const r = await this.prisma.deployment.deleteMany({ where: { id, ...companyWhere(scope) } });
    return r.count > 0;
  }

  releases(scope: Scope, deploymentId: string, take = 50): Promise<ReleaseRow[]> {
    return this.prisma.deploymentRelease.findMany({
      where: { deploymentId, ...companyWhere(scope) },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  release(scope: Scope, deploymentId: string, id: string): Promise<ReleaseRow | null> {
    return this.prisma.deploymentRelease.findFirst({
      where: { id, deploymentId, ...companyWhere(scope) },
    });
  }

  createRelease(data: Prisma.DeploymentReleaseUncheckedCreateInput): Promise<ReleaseRow> {
    return this.prisma.deploymentRelease.create({ data });
  }

  updateRelease(id: string, data: Prisma.DeploymentReleaseUncheckedUpdateInput): Promise<unknown> {
    return this.prisma.deploymentRelease.update({ where: { id }, data });
  }

  /** Marks every release but `keep` as gone from the guest. */
  dropReleasesExcept(deploymentId: string, keep: string[]): Promise<unknown> {
    return this.prisma.deploymentRelease.updateMany({
      where: { deploymentId, id: { notIn: keep } },
      data: { available: false },
    });
  }

  /** Worker side (the job already belongs to the deployment's company). */
  findForJob(id: string): Promise<DeploymentRow | null> {
    return this.find(ALL_SCOPE, id);
  }

  /** Worker and webhook side: the row was found (scoped, or by its job) just before. */
  updateForJob(id: string, data: Prisma.DeploymentUncheckedUpdateInput): Promise<unknown> {
    return this.prisma.deployment.update({ where: { id }, data });
  }

  /** Worker side: the removal job deletes its deployment (releases cascade). */
  async removeForJob(id: string): Promise<void> {
    await this.prisma.deployment.deleteMany({ where: { id } });
  }

  /** The webhook resolves its deployment by id before any caller is known (then verifies). */
  findForWebhook(id: string): Promise<DeploymentRow | null> {
    return this.find(ALL_SCOPE, id);
  }

  async stats(scope: Scope) {
    const where = companyWhere(scope);
    const [byFramework, byCompany, finished] = await Promise.all([
      this.prisma.deployment.groupBy({
        by: ['framework', 'status'],
        where,
        _count: { _all: true },
      }),
      this.prisma.deployment.groupBy({
        by: ['companyId', 'status'],
        where,
        _count: { _all: true },
      }),
      this.prisma.deploymentRelease.findMany({
        where: { ...where, status: { in: ['SUCCEEDED', 'FAILED'] }, trigger: { not: 'rollback' } },
        select: { status: true, durationMs: true },
        orderBy: { createdAt: 'desc' },
        take: 5000,
      }),
    ]);
    return { byFramework, byCompany, finished };
  }
}
