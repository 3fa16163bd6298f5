import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_PAYLOAD } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';
import type { Prisma } from '../../generated/prisma/client';
import type { ChannelNotice } from './channel-payloads';
import { decide, openKey, type EvaluationInput, type Transition } from './alert-evaluate';
import { AlertsRepository, type AlertRow } from './alerts.repository';
import { coveringWindow, nodeOfTarget, type WindowSpec } from './maintenance-match';
import { MaintenanceWindowsRepository } from './maintenance-windows.repository';

export const DELIVERY_ATTEMPTS = 5;

export interface EvaluationResult {
  rules: number;
  opened: number;
  fired: number;
  resolved: number;
  notifications: number;
  /** Notifications not sent because a maintenance window covered the alert. */
  muted: number;
  evalMs: number;
}

/** What notify() needs to know beyond the alert row. */
interface NotifyContext {
  channelIds: string[];
  at: Date;
  windows: Array<WindowSpec & { id: string; reason: string }>;
  node: string | null;
  res: EvaluationResult;
}

/**
 * Worker side of alerting: after each collection, judges the enabled rules against the cluster's
 * readings (pure, `alert-evaluate.ts`), writes only what changed and queues a delivery per channel
 * for alerts that fire, repeat or resolve (unless silenced, or inside a maintenance window: then
 * the alert's history records what was held back, and repeats keep their schedule).
 */
@Injectable()
export class AlertsEngineService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly repo: AlertsRepository,
    private readonly queues: QueueService,
    private readonly windows: MaintenanceWindowsRepository,
  ) {}

  async evaluate(input: EvaluationInput, now = Date.now()): Promise<EvaluationResult> {
    const rules = await this.repo.activeRules();
    const channels = new Map(rules.map((r) => [r.id, r.channelIds]));
    const open = rules.length ? await this.repo.openAlerts(input.clusterId) : [];
    const windows = rules.length ? await this.windows.openAt(new Date(now)) : [];
    const t0 = performance.now();
    const transitions = decide(rules, input, open, now);
    const evalMs = performance.now() - t0;
    const res: EvaluationResult = {
      rules: rules.length,
      opened: 0,
      fired: 0,
      resolved: 0,
      notifications: 0,
      muted: 0,
      evalMs: Math.round(evalMs * 10) / 10,
    };
    for (const t of transitions) {
      try {
        res.notifications += await this.apply(t, input, channels, new Date(now), res, windows);
      } catch (err) {
        // One alert's write failing (a concurrent run won the openKey) must not stop the others.
        this.logger.warn(`alert transition ${t.kind} failed: ${(err as Error).message}`);
      }
    }
    return res;
  }

  private async apply(
    t: Transition,
    input: EvaluationInput,
    channels: Map<string, string[]>,
    at: Date,
    res: EvaluationResult,
    windows: NotifyContext['windows'],
  ): Promise<number> {
    const ctx = (ruleId: string, node: string | null): NotifyContext => ({
      channelIds: channels.get(ruleId) ?? [],
      at,
      windows,
      node,
      res,
    });
    switch (t.kind) {
      case 'open': {
        const a = await this.repo.createAlert(
          {
            ruleId: t.rule.id,
            companyId: t.obs.companyId ?? t.rule.companyId,
            clusterId: input.clusterId,
            guestId: t.obs.guestId,
            target: t.obs.target,
            targetLabel: t.obs.label.slice(0, 191),
            openKey: openKey(t.rule.id, t.obs.target),
            state: t.firing ? 'firing' : 'pending',
            severity: t.rule.severity,
            value: t.obs.value,
            since: at,
            firedAt: t.firing ? at : null,
          },
          t.firing ? ['opened', 'fired'] : ['opened'],
        );
        res.opened++;
        if (!t.firing) return 0;
        res.fired++;
        return this.notify(a, 'firing', ctx(t.rule.id, t.obs.node));
      }
      case 'fire': {
        const a = await this.repo.updateAlert(
          t.alert.id,
          { state: 'firing', firedAt: at, value: t.obs.value },
          { kind: 'fired' },
        );
        res.fired++;
        return this.notify(a, 'firing', ctx(t.rule.id, t.obs.node));
      }
      case 'repeat': {
        const a = await this.repo.updateAlert(t.alert.id, { value: t.obs.value });
        return this.notify(a, 'repeat', ctx(t.rule.id, t.obs.node));
      }
      case 'drop':
        await this.repo.deleteAlert(t.alert.id);
        return 0;
      case 'resolve': {
        const a = await this.repo.updateAlert(
          t.alert.id,
          { state: 'resolved', resolvedAt: at, openKey: null },
          { kind: 'resolved' },
        );
        res.resolved++;
        return t.notify
          ? this.notify(a, 'resolved', ctx(t.alert.ruleId, nodeOfTarget(a.target)))
          : 0;
      }
    }
  }

  /**
   * Queues one delivery per channel; none while silenced or inside a maintenance window (recorded
   * in the alert's history, and counted as notified for the repeat schedule). Returns how many
   * were queued.
   */
  private async notify(
    a: AlertRow,
    event: 'firing' | 'repeat' | 'resolved',
    { channelIds, at, windows, node, res }: NotifyContext,
  ): Promise<number> {
    if (channelIds.length === 0) return 0;
    if (a.silencedUntil && a.silencedUntil > at) return 0;
    const w = coveringWindow(windows, { ...a, node }, at);
    if (w) {
      res.muted++;
      await this.repo.updateAlert(a.id, event === 'resolved' ? {} : { lastNotifiedAt: at }, {
        kind: 'maintenance',
        comment: `${event} not notified: ${w.reason}`.slice(0, 2000),
      });
      return 0;
    }
    const rows = await this.repo.createDeliveries(
      channelIds.map((channelId) => ({
        alertId: a.id,
        channelId,
        companyId: a.companyId,
        event,
        status: 'pending',
      })),
    );
    await this.repo.updateAlert(
      a.id,
      { lastNotifiedAt: at },
      { kind: 'notified', comment: `${event} → ${rows.length} channel(s)` },
    );
    for (const d of rows) await this.enqueueDelivery(d.id, d.companyId);
    return rows.length;
  }

  /**
   * A notification not about an alert (an SLA breach) on these channels: one delivery each, sent
   * and retried like an alert's. Returns how many were queued.
   */
  async notifyChannels(
    channelIds: string[],
    companyId: string | null,
    event: 'sla_breach',
    notice: ChannelNotice,
  ): Promise<number> {
    if (channelIds.length === 0) return 0;
    const rows = await this.repo.createDeliveries(
      channelIds.map((channelId) => ({
        alertId: null,
        channelId,
        companyId,
        event,
        status: 'pending',
        payload: notice as unknown as Prisma.InputJsonValue,
      })),
    );
    for (const d of rows) await this.enqueueDelivery(d.id, d.companyId);
    return rows.length;
  }

  /** Of `ids`, the channels owned by one of `owners` (a company id, or null for the MSP's). */
  async channelsOwnedBy(owners: Array<string | null>, ids: string[]): Promise<string[]> {
    const found = await Promise.all(owners.map((o) => this.repo.channelsOwnedBy(o, ids)));
    return found.flat().map((c) => c.id);
  }

  enqueueDelivery(deliveryId: string, companyId: string | null) {
    return this.queues.enqueue(
      'alerts.deliver',
      { ...SYSTEM_PAYLOAD, companyId, deliveryId },
      {
        jobId: `delivery-${deliveryId}`,
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2_000 },
      },
    );
  }
}
