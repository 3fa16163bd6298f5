import { Injectable } from '@nestjs/common';
import type {
  AcknowledgeAlertInput,
  AlertDetail,
  AlertEventDto,
  AlertListQuery,
  AlertPage,
  SilenceAlertInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import type { Scope } from '../../common/auth/scope';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import { toAlertDto } from './alerts.mapper';
import { AlertsRepository, type AlertRow } from './alerts.repository';

/** Alerts as people see them: scoped lists, detail with history, acknowledge, silence. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly activity: ActivityService,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, q: AlertListQuery): Promise<AlertPage> {
    // A company filter must be one of the caller's companies (another's looks missing).
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const { rows, total } = await this.repo.listAlerts(actor.scope, q);
    const names = await this.ackNames(rows);
    return {
      items: rows.map((a) => toAlertDto(a, names.get(a.acknowledgedById ?? '') ?? null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(scope: Scope, id: string): Promise<AlertDetail> {
    const a = await this.mustFind(scope, id);
    const [events, deliveries] = await this.repo.alertHistory(a.id);
    const userIds = [
      ...new Set(events.map((e) => e.userId).filter((u): u is string => !!u)),
      ...(a.acknowledgedById ? [a.acknowledgedById] : []),
    ];
    const names = new Map((await this.repo.userNames(userIds)).map((u) => [u.id, u.name]));
    return {
      ...toAlertDto(a, names.get(a.acknowledgedById ?? '') ?? null),
      events: events.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind as AlertEventDto['kind'],
        userId: e.userId,
        userName: e.userId ? (names.get(e.userId) ?? null) : null,
        comment: e.comment,
      })),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        channelId: d.channelId,
        channelName: d.channel.name,
        event: d.event,
        status: d.status as 'pending' | 'sent' | 'failed',
        attempts: d.attempts,
        error: d.error,
        createdAt: d.createdAt.toISOString(),
        sentAt: d.sentAt ? d.sentAt.toISOString() : null,
      })),
    };
  }

  /** Marks a firing alert as seen: repeats stop; it still resolves by itself. */
  async acknowledge(actor: Actor, id: string, input: AcknowledgeAlertInput): Promise<AlertDetail> {
    const a = await this.mustFind(actor.scope, id);
    if (a.state !== 'firing') {
      throw new AppError(
        'CONFLICT',
        `Only a firing alert can be acknowledged (this one is ${a.state})`,
      );
    }
    await this.repo.updateAlert(
      a.id,
      {
        acknowledgedAt: new Date(),
        acknowledgedById: actor.principal.userId,
        ackComment: input.comment || null,
      },
      { kind: 'acknowledged', userId: actor.principal.userId, comment: input.comment || null },
    );
    await this.audit(actor, 'alert.acknowledge', a, { comment: input.comment });
    return this.get(actor.scope, a.id);
  }

  /** No notifications for `minutes` (the alert is still recorded and can resolve). */
  async silence(actor: Actor, id: string, input: SilenceAlertInput): Promise<AlertDetail> {
    const a = await this.mustFind(actor.scope, id);
    if (a.state === 'resolved') throw new AppError('CONFLICT', 'The alert is already resolved');
    const until = new Date(Date.now() + input.minutes * 60_000);
    await this.repo.updateAlert(
      a.id,
      { silencedUntil: until },
      {
        kind: 'silenced',
        userId: actor.principal.userId,
        comment: `until ${until.toISOString()}${input.comment ? `: ${input.comment}` : ''}`,
      },
    );
    await this.audit(actor, 'alert.silence', a, { minutes: input.minutes });
    return this.get(actor.scope, a.id);
  }

  private async mustFind(scope: Scope, id: string): Promise<AlertRow> {
    const a = await this.repo.findAlert(scope, id);
    if (!a || a.state === 'pending') throw notFound('Alert');
    return a;
  }

  private async ackNames(rows: AlertRow[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.acknowledgedById).filter((x): x is string => !!x))];
    if (ids.length === 0) return new Map();
    return new Map((await this.repo.userNames(ids)).map((u) => [u.id, u.name]));
  }

  private audit(actor: Actor, action: string, a: AlertRow, details: Record<string, unknown>) {
    return this.activity.record({
      action,
      companyId: a.companyId,
      actor: actor.principal,
      resourceType: 'alert',
      resourceId: a.id,
      ip: actor.meta.ip,
      details,
    });
  }
}
