import { Injectable } from '@nestjs/common';
import type {
  CompanyQuota,
  QuotaLimit,
  QuotaRequestCreateInput,
  QuotaRequestDto,
  QuotaRequestListQuery,
  QuotaRequestPage,
  QuotaRequestStatus,
  QuotaValues,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { Prisma } from '../../generated/prisma/client';
import { QuotasRepository, type QuotaUsageRow } from './quotas.repository';

const LABEL: Record<QuotaLimit, string> = {
  guests: 'guests',
  vcpus: 'vCPUs',
  memoryMb: 'memory (MB)',
  diskGb: 'disk (GB)',
};

/** Which limit `usage + delta` would break, if any (null limit = unlimited). */
export function exceededLimit(
  limits: QuotaValues,
  usage: QuotaUsageRow,
  delta: QuotaUsageRow,
): { limit: QuotaLimit; max: number; used: number; requested: number } | null {
  for (const k of ['guests', 'vcpus', 'memoryMb', 'diskGb'] as const) {
    const max = limits[k];
    if (max === null || delta[k] <= 0) continue;
    if (usage[k] + delta[k] > max) return { limit: k, max, used: usage[k], requested: delta[k] };
  }
  return null;
}

@Injectable()
export class QuotasService {
  constructor(
    private readonly repo: QuotasRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async get(actor: Actor, companyId: string): Promise<CompanyQuota> {
    await this.access.requireCompany(actor, companyId);
    const [limits, usage] = await Promise.all([
      this.repo.limits(companyId),
      this.repo.usage(companyId),
    ]);
    return { companyId, limits: limits!, usage };
  }

  /**
   * Run `write` (which records the reservation, e.g. a placeholder guest) only if `delta` fits.
   * The company row stays locked until commit, so two concurrent reservations cannot both pass.
   */
  async reserve<T>(
    companyId: string,
    delta: QuotaUsageRow,
    write: (tx: Prisma.TransactionClient) => Promise<T>,
  ): Promise<T> {
    return this.repo.transaction(async (tx) => {
      const limits = await this.repo.lockCompany(tx, companyId);
      if (!limits) throw notFound('Company');
      const over = exceededLimit(limits, await this.repo.usage(companyId, tx), delta);
      if (over) {
        throw new AppError(
          'QUOTA_EXCEEDED',
          `Over quota: ${LABEL[over.limit]} would be ${over.used + over.requested} of ${over.max}`,
          over,
        );
      }
      return write(tx);
    });
  }

  /** Needs quota.request (route): company admins and the MSP, not per-VM `user` accounts. */
  async request(actor: Actor, input: QuotaRequestCreateInput): Promise<QuotaRequestDto> {
    const company = await this.access.requireCompany(actor, input.companyId);
    const row = await this.repo.createRequest({
      companyId: input.companyId,
      requestedById: actor.principal.userId,
      requested: input.requested as Prisma.InputJsonValue,
      reason: input.reason,
    });
    await this.activity.record({
      action: 'quota.request',
      actor: actor.principal,
      companyId: input.companyId,
      resourceType: 'quota_request',
      resourceId: row.id,
      details: { requested: input.requested },
    });
    return toDto(row, {
      company: company.name,
      users: new Map([[actor.principal.userId, actor.principal.name]]),
    });
  }

  async list(actor: Actor, q: QuotaRequestListQuery): Promise<QuotaRequestPage> {
    const [rows, total] = await this.repo.requests(
      actor.scope,
      { status: q.status, companyId: q.companyId },
      { skip: (q.page - 1) * q.pageSize, take: q.pageSize },
    );
    const [companies, users] = await Promise.all([
      this.repo.companyNames([...new Set(rows.map((r) => r.companyId))]),
      this.repo.userNames(
        [...new Set(rows.flatMap((r) => [r.requestedById, r.decidedById]))].filter(
          (u): u is string => !!u,
        ),
      ),
    ]);
    const companyNames = new Map(companies.map((c) => [c.id, c.name]));
    const userNames = new Map(users.map((u) => [u.id, u.name]));
    return {
      items: rows.map((r) =>
        toDto(r, { company: companyNames.get(r.companyId) ?? '', users: userNames }),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Needs quota.decide (route): the MSP (super admin or the assigned salesperson). */
  async decide(
    actor: Actor,
    id: string,
    approve: boolean,
    note?: string,
  ): Promise<QuotaRequestDto> {
    const req = await this.repo.findRequest(actor.scope, id);
    if (!req) throw notFound('Quota request');
    if (req.status !== 'pending')
      throw new AppError('CONFLICT', `Request is already ${req.status}`);
    await this.repo.transaction(async (tx) => {
      const n = await this.repo.decide(
        id,
        {
          status: approve ? 'approved' : 'declined',
          decidedById: actor.principal.userId,
          note: note ?? null,
        },
        tx,
      );
      if (n.count !== 1) throw new AppError('CONFLICT', 'Request was decided meanwhile');
      if (approve)
        await this.repo.setLimits(req.companyId, req.requested as Partial<QuotaValues>, tx);
    });
    await this.activity.record({
      action: approve ? 'quota.approve' : 'quota.decline',
      actor: actor.principal,
      companyId: req.companyId,
      resourceType: 'quota_request',
      resourceId: id,
      details: { requested: req.requested, note },
    });
    return this.reload(actor, id);
  }

  /** The requester withdraws a pending request (anyone else in scope gets 403; staff decline). */
  async cancel(actor: Actor, id: string): Promise<QuotaRequestDto> {
    const req = await this.repo.findRequest(actor.scope, id);
    if (!req) throw notFound('Quota request');
    if (req.requestedById !== actor.principal.userId)
      throw new AppError('FORBIDDEN', 'Only the person who asked can withdraw this request');
    if (req.status !== 'pending')
      throw new AppError('CONFLICT', `Request is already ${req.status}`);
    const n = await this.repo.cancel(id);
    if (n.count !== 1) throw new AppError('CONFLICT', 'Request was decided meanwhile');
    await this.activity.record({
      action: 'quota.cancel',
      actor: actor.principal,
      companyId: req.companyId,
      resourceType: 'quota_request',
      resourceId: id,
      details: { requested: req.requested },
    });
    return this.reload(actor, id);
  }

  private async reload(actor: Actor, id: string): Promise<QuotaRequestDto> {
    const row = await this.repo.findRequest(actor.scope, id);
    if (!row) throw notFound('Quota request');
    const [[company], users] = await Promise.all([
      this.repo.companyNames([row.companyId]),
      this.repo.userNames([row.requestedById, row.decidedById].filter((u): u is string => !!u)),
    ]);
    return toDto(row, {
      company: company?.name ?? '',
      users: new Map(users.map((u) => [u.id, u.name])),
    });
  }
}

function toDto(
  r: {
    id: string;
    companyId: string;
    requestedById: string;
    requested: unknown;
    reason: string;
    status: QuotaRequestStatus;
    decidedById: string | null;
    decidedAt: Date | null;
    note: string | null;
    createdAt: Date;
  },
  names: { company: string; users: Map<string, string> },
): QuotaRequestDto {
  return {
    id: r.id,
    companyId: r.companyId,
    companyName: names.company,
    requestedById: r.requestedById,
    requestedByName: names.users.get(r.requestedById) ?? '',
    requested: (r.requested ?? {}) as Partial<QuotaValues>,
    reason: r.reason,
    status: r.status,
    decidedById: r.decidedById,
    decidedByName: r.decidedById ? (names.users.get(r.decidedById) ?? '') : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}
