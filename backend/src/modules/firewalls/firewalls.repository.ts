import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import {
  Prisma,
  type Firewall,
  type FirewallChange,
  type FirewallDeployment,
} from '../../generated/prisma/client';

export type FirewallRow = Firewall;
export type FirewallChangeRow = FirewallChange;
export type FirewallDeploymentRow = FirewallDeployment;

/** Firewalls and their change sets; every read and write is bounded by the caller's scope. */
@Injectable()
export class FirewallsRepository {
  constructor(private readonly prisma: PrismaService) {}

  page(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[FirewallRow[], number]> {
    const where: Prisma.FirewallWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.firewall.findMany({ where, orderBy: { name: 'asc' }, skip, take }),
      this.prisma.firewall.count({ where }),
    ]);
  }

  /** Names of the firewalls' companies, by id. */
  async companyNames(companyIds: string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.company.findMany({
      where: { id: { in: [...new Set(companyIds)] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((c) => [c.id, c.name]));
  }

  /** When each firewall last had a change applied or tried. */
  async lastChangeAt(firewallIds: string[]): Promise<Map<string, Date>> {
    const rows = await this.prisma.firewallChange.groupBy({
      by: ['firewallId'],
      where: { firewallId: { in: firewallIds }, appliedAt: { not: null } },
      _max: { appliedAt: true },
    });
    return new Map(rows.map((r) => [r.firewallId, r._max.appliedAt!]));
  }

  create(data: Prisma.FirewallUncheckedCreateInput): Promise<FirewallRow> {
    return this.prisma.firewall.create({ data });
  }

  async update(
    scope: Scope,
    id: string,
    data: Prisma.FirewallUncheckedUpdateInput,
  ): Promise<FirewallRow | null> {
    const r = await this.prisma.firewall.updateMany({
      where: { id, ...companyWhere(scope) },
      data,
    });
    return r.count
      ? this.prisma.firewall.findFirst({ where: { id, ...companyWhere(scope) } })
      : null;
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const r = await this.prisma.firewall.deleteMany({ where: { id, ...companyWhere(scope) } });
    return r.count > 0;
  }

  async recordContact(
    id: string,
    data: { version?: string; error: string | null; at: Date },
  ): Promise<void> {
    await this.prisma.firewall.updateMany({
      where: { id },
      data: {
        lastError: data.error,
        ...(data.error === null ? { lastSeenAt: data.at, version: data.version } : {}),
      },
    });
  }

  changes(scope: Scope, firewallId: string, take: number): Promise<FirewallChangeRow[]> {
    return this.prisma.firewallChange.findMany({
      where: { firewallId, ...companyWhere(scope) },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  change(scope: Scope, firewallId: string, id: string): Promise<FirewallChangeRow | null> {
    return this.prisma.firewallChange.findFirst({
      where: { id, firewallId, ...companyWhere(scope) },
    });
  }

  /**
   * Stores a change set. A revert (`revertOfId`) also takes the reverted change's one open-revert
   * slot (unique `openRevertOfId`) in the same insert: null when another revert that has not failed
   * holds it, so of two concurrent reverts exactly one is stored.
   */
  async createChange(
    data: Omit<Prisma.FirewallChangeUncheckedCreateInput, 'openRevertOfId'>,
  ): Promise<FirewallChangeRow | null> {
    try {
      return await this.prisma.firewallChange.create({
        data: { ...data, openRevertOfId: data.revertOfId ?? null },
      });
    } catch (e) {
      if (
        data.revertOfId &&
        e instanceof Prisma.PrismaClientKnownRequestError &&
        e.code === 'P2002'
      )
        return null;
      throw e;
    }
  }

  /** pending → applying, once: a second apply of the same change loses the race. */
  async claimChange(id: string): Promise<boolean> {
    const r = await this.prisma.firewallChange.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'applying' },
    });
    return r.count === 1;
  }

  /** applying → pending again (the job could not be started). */
  async unclaimChange(id: string): Promise<void> {
    await this.prisma.firewallChange.updateMany({
      where: { id, status: 'applying' },
      data: { status: 'pending' },
    });
  }

  async setChangeJob(id: string, jobId: string): Promise<void> {
    await this.prisma.firewallChange.updateMany({ where: { id }, data: { jobId } });
  }

  /** Worker side: the status of the job applying a change (null when it is gone). */
  async jobStatus(jobId: string): Promise<string | null> {
    const j = await this.prisma.job.findUnique({ where: { id: jobId }, select: { status: true } });
    return j?.status ?? null;
  }

  /** Worker side: the job owns its change (the company comes from the job). */
  changeForJob(id: string): Promise<FirewallChangeRow | null> {
    return this.prisma.firewallChange.findUnique({ where: { id } });
  }

  /** Worker side: the firewall a job works on. */
  firewallForJob(id: string): Promise<FirewallRow | null> {
    return this.prisma.firewall.findUnique({ where: { id } });
  }

  finishChange(
    id: string,
    data: {
      status: 'applied' | 'failed';
      reason: string | null;
      revision?: string | null;
      durationMs: number;
      diff?: unknown;
    },
  ): Promise<FirewallChangeRow> {
    const { diff, ...rest } = data;
    return this.prisma.firewallChange.update({
      where: { id },
      data: {
        ...rest,
        ...(diff ? { diff: diff as Prisma.InputJsonValue } : {}),
        // a failed revert gives its change's slot back: it may be reverted again
        ...(rest.status === 'failed' ? { openRevertOfId: null } : {}),
        appliedAt: new Date(),
      },
    });
  }

  /** The change set that reverts `id`, unless it failed (a failed revert may be tried again). */
  revertOf(id: string): Promise<Pick<FirewallChangeRow, 'id' | 'status'> | null> {
    return this.prisma.firewallChange.findFirst({
      where: { openRevertOfId: id },
      select: { id: true, status: true },
    });
  }

  /**
   * Guest picker: allocated or reserved addresses of the company's guests in the company's own
   * ranges, by address; `search` matches an address prefix, the host name or the guest's name.
   */
  async guestTargets(
    companyId: string,
    q: { page: number; pageSize: number; search?: string },
  ): Promise<
    [
      Array<{
        address: string;
        guestId: string;
        guestName: string | null;
        hostname: string | null;
      }>,
      number,
    ]
  > {
    const search = q.search?.trim();
    const named = search
      ? await this.prisma.guest.findMany({
          where: { companyId, name: { contains: search } },
          select: { id: true },
          take: 500,
        })
      : [];
    const where: Prisma.IpAddressWhereInput = {
      companyId,
      guestId: { not: null },
      status: { in: ['allocated', 'reserved'] },
      range: { companyId },
      ...(search
        ? {
            OR: [
              { address: { startsWith: search } },
              { hostname: { contains: search } },
              ...(named.length ? [{ guestId: { in: named.map((g) => g.id) } }] : []),
            ],
          }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.ipAddress.findMany({
        where,
        select: { address: true, guestId: true, hostname: true },
        orderBy: [{ rangeId: 'asc' }, { offset: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.ipAddress.count({ where }),
    ]);
    const guests = await this.prisma.guest.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.guestId!))] }, companyId },
      select: { id: true, name: true },
    });
    const names = new Map(guests.map((g) => [g.id, g.name]));
    return [
      rows.map((r) => ({
        address: r.address,
        guestId: r.guestId!,
        guestName: names.get(r.guestId!) ?? null,
        hostname: r.hostname,
      })),
      total,
    ];
  }

  // --- zero-touch deployments ---------------------------------------------------------------

  createDeployment(
    data: Prisma.FirewallDeploymentUncheckedCreateInput,
  ): Promise<FirewallDeploymentRow> {
    return this.prisma.firewallDeployment.create({ data });
  }

  /** Worker side: the job owns its row (no caller scope). */
  deploymentForJob(id: string): Promise<FirewallDeploymentRow | null> {
    return this.prisma.firewallDeployment.findUnique({ where: { id } });
  }

  async updateDeploymentForJob(
    id: string,
    data: Prisma.FirewallDeploymentUncheckedUpdateInput,
  ): Promise<void> {
    await this.prisma.firewallDeployment.updateMany({ where: { id }, data });
  }

  /** Worker side: the firewall a deployment registers (the company comes from the job). */
  createForJob(data: Prisma.FirewallUncheckedCreateInput): Promise<FirewallRow> {
    return this.prisma.firewall.create({ data });
  }

  /** Worker side: undo of `createForJob` when a later step of the deployment fails. */
  async removeForJob(id: string): Promise<void> {
    await this.prisma.firewall.deleteMany({ where: { id } });
  }

  deployments(
    scope: Scope,
    filter: { firewallId?: string; companyId?: string },
    take: number,
  ): Promise<FirewallDeploymentRow[]> {
    return this.prisma.firewallDeployment.findMany({
      where: {
        AND: [
          companyWhere(scope),
          filter.firewallId ? { firewallId: filter.firewallId } : {},
          filter.companyId ? { companyId: filter.companyId } : {},
        ],
      },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  /** The newest ended change sets (applied or failed), for the figures. */
  endedChanges(
    scope: Scope,
    filter: { firewallId?: string; companyId?: string },
    take: number,
  ): Promise<Array<Pick<FirewallChangeRow, 'status' | 'durationMs'>>> {
    return this.prisma.firewallChange.findMany({
      where: {
        AND: [
          companyWhere(scope),
          { status: { in: ['applied', 'failed'] } },
          filter.firewallId ? { firewallId: filter.firewallId } : {},
          filter.companyId ? { companyId: filter.companyId } : {},
        ],
      },
      select: { status: true, durationMs: true },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  deployment(scope: Scope, id: string): Promise<FirewallDeploymentRow | null> {
    return this.prisma.firewallDeployment.findFirst({ where: { id, ...companyWhere(scope) } });
  }
}
