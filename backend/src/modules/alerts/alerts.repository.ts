import { Injectable } from '@nestjs/common';
import type { AlertListQuery } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';
import type { OpenAlert, RuleSpec } from './alert-evaluate';

const alertInclude = {
  rule: { select: { name: true, metric: true, threshold: true } },
} as const;
export type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

const ruleInclude = { channels: { select: { channelId: true } } } as const;
export type RuleRow = Prisma.AlertRuleGetPayload<{ include: typeof ruleInclude }>;

export type ChannelRow = Prisma.NotificationChannelGetPayload<object>;

export type DeliveryRow = Prisma.AlertDeliveryGetPayload<{
  include: { channel: true; alert: { include: typeof alertInclude } };
}>;

/**
 * Alert rules, alerts, channels and deliveries. Reads for people take the scope first: a company's
 * rows only, and platform rows (companyId null) for the staff only.
 */
@Injectable()
export class AlertsRepository {
  constructor(private readonly prisma: PrismaService) {}

  // --- evaluation (platform) --------------------------------------------------------------------

  activeRules(): Promise<Array<RuleSpec & { channelIds: string[] }>> {
    return this.prisma.alertRule
      .findMany({ where: { enabled: true }, include: ruleInclude })
      .then((rows) => rows.map((r) => ({ ...r, channelIds: r.channels.map((c) => c.channelId) })));
  }

  openAlerts(clusterId: string): Promise<OpenAlert[]> {
    return this.prisma.alert.findMany({
      where: { clusterId, openKey: { not: null } },
      select: {
        id: true,
        ruleId: true,
        target: true,
        state: true,
        since: true,
        lastNotifiedAt: true,
        acknowledgedAt: true,
      },
    }) as Promise<OpenAlert[]>;
  }

  createAlert(data: Prisma.AlertUncheckedCreateInput, events: string[]) {
    return this.prisma.alert.create({
      data: { ...data, events: { create: events.map((kind) => ({ kind })) } },
      include: alertInclude,
    });
  }

  updateAlert(
    id: string,
    data: Prisma.AlertUncheckedUpdateInput,
    event?: { kind: string; userId?: string | null; comment?: string | null },
  ) {
    return this.prisma.alert.update({
      where: { id },
      data: { ...data, ...(event ? { events: { create: [event] } } : {}) },
      include: alertInclude,
    });
  }

  deleteAlert(id: string) {
    return this.prisma.alert.deleteMany({ where: { id } });
  }

  createDeliveries(rows: Prisma.AlertDeliveryUncheckedCreateInput[]) {
    return this.prisma.$transaction(rows.map((data) => this.prisma.alertDelivery.create({ data })));
  }

  delivery(id: string): Promise<DeliveryRow | null> {
    return this.prisma.alertDelivery.findUnique({
      where: { id },
      include: { channel: true, alert: { include: alertInclude } },
    });
  }

  updateDelivery(id: string, data: Prisma.AlertDeliveryUncheckedUpdateInput) {
    return this.prisma.alertDelivery.update({ where: { id }, data });
  }

  addEvent(alertId: string, kind: string, comment?: string) {
    return this.prisma.alertEvent.create({ data: { alertId, kind, comment } });
  }

  // --- alerts (people) --------------------------------------------------------------------------

  async listAlerts(scope: Scope, q: AlertListQuery): Promise<{ rows: AlertRow[]; total: number }> {
    const where: Prisma.AlertWhereInput = {
      AND: [companyWhere(scope), q.companyId ? { companyId: q.companyId } : {}],
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.state === 'open'
        ? { state: 'firing' }
        : q.state === 'resolved'
          ? { state: 'resolved' }
          : { state: { in: ['firing', 'resolved'] } }),
    };
    const [rows, total] = await Promise.all([
      this.prisma.alert.findMany({
        where,
        include: alertInclude,
        orderBy: [{ firedAt: 'desc' }, { id: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.alert.count({ where }),
    ]);
    return { rows, total };
  }

  findAlert(scope: Scope, id: string): Promise<AlertRow | null> {
    return this.prisma.alert.findFirst({
      where: { id, ...companyWhere(scope) },
      include: alertInclude,
    });
  }

  alertHistory(alertId: string) {
    return Promise.all([
      this.prisma.alertEvent.findMany({ where: { alertId }, orderBy: { id: 'asc' } }),
      this.prisma.alertDelivery.findMany({
        where: { alertId },
        include: { channel: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
  }

  userNames(ids: string[]) {
    return this.prisma.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
  }

  // --- rules and channels (people) --------------------------------------------------------------

  listRules(scope: Scope): Promise<RuleRow[]> {
    return this.prisma.alertRule.findMany({
      where: companyWhere(scope),
      include: ruleInclude,
      orderBy: { createdAt: 'asc' },
    });
  }

  findRule(scope: Scope, id: string): Promise<RuleRow | null> {
    return this.prisma.alertRule.findFirst({
      where: { id, ...companyWhere(scope) },
      include: ruleInclude,
    });
  }

  createRule(data: Prisma.AlertRuleUncheckedCreateInput, channelIds: string[]): Promise<RuleRow> {
    return this.prisma.alertRule.create({
      data: { ...data, channels: { create: channelIds.map((channelId) => ({ channelId })) } },
      include: ruleInclude,
    });
  }

  updateRule(
    id: string,
    data: Prisma.AlertRuleUncheckedUpdateInput,
    channelIds?: string[],
  ): Promise<RuleRow> {
    return this.prisma.$transaction(async (tx) => {
      if (channelIds) {
        await tx.alertRuleChannel.deleteMany({ where: { ruleId: id } });
        await tx.alertRuleChannel.createMany({
          data: channelIds.map((channelId) => ({ ruleId: id, channelId })),
        });
      }
      return tx.alertRule.update({ where: { id }, data, include: ruleInclude });
    });
  }

  deleteRule(id: string) {
    return this.prisma.alertRule.delete({ where: { id } });
  }

  /** Closes a rule's open alerts without notifying (rule disabled). */
  closeRuleAlerts(ruleId: string, at: Date) {
    return this.prisma.alert.updateMany({
      where: { ruleId, openKey: { not: null } },
      data: { openKey: null, state: 'resolved', resolvedAt: at },
    });
  }

  /** Channels with exactly this owner (null = the platform's). */
  channelsOwnedBy(companyId: string | null, ids: string[]) {
    return this.prisma.notificationChannel.findMany({ where: { id: { in: ids }, companyId } });
  }

  listChannels(scope: Scope): Promise<ChannelRow[]> {
    return this.prisma.notificationChannel.findMany({
      where: companyWhere(scope),
      orderBy: { createdAt: 'asc' },
    });
  }

  findChannel(scope: Scope, id: string): Promise<ChannelRow | null> {
    return this.prisma.notificationChannel.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  createChannel(data: Prisma.NotificationChannelUncheckedCreateInput): Promise<ChannelRow> {
    return this.prisma.notificationChannel.create({ data });
  }

  updateChannel(
    id: string,
    data: Pick<Prisma.NotificationChannelUncheckedUpdateInput, 'name' | 'config' | 'secret'>,
  ): Promise<ChannelRow> {
    return this.prisma.notificationChannel.update({ where: { id }, data });
  }

  deleteChannel(id: string) {
    return this.prisma.notificationChannel.delete({ where: { id } });
  }
}
