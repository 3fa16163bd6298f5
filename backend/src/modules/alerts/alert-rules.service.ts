import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  GUEST_ALERT_METRICS,
  Permission,
  isUrlSecretChannel,
  type AlertRuleDto,
  type ChannelDto,
  type CreateAlertRuleInput,
  type CreateChannelInput,
  type CreatedChannelDto,
  type UpdateAlertRuleInput,
  type UpdateChannelInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { CHANNEL_SECRET_CONTEXT, CHANNEL_URL_CONTEXT } from './alert-notifier.service';
import { AlertsEngineService } from './alerts-engine.service';
import { toChannelDto, toRuleDto } from './alerts.mapper';
import { AlertsRepository, type ChannelRow, type RuleRow } from './alerts.repository';
import type { ChatTarget } from './channel-payloads';

/**
 * Alert rules and notification channels. A company's (companyId set) may be managed by its admins
 * and look at its own guests only; the platform's (companyId null) need monitoring.fleet.
 */
@Injectable()
export class AlertRulesService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly cipher: SecretsCipher,
    private readonly engine: AlertsEngineService,
  ) {}

  async listRules(actor: Actor): Promise<AlertRuleDto[]> {
    return (await this.repo.listRules(actor.scope)).map(toRuleDto);
  }

  async createRule(actor: Actor, input: CreateAlertRuleInput): Promise<AlertRuleDto> {
    const companyId = await this.owner(actor, input.companyId ?? null);
    if (companyId && !GUEST_ALERT_METRICS.includes(input.metric)) {
      throw new AppError(
        'BAD_REQUEST',
        `A company's rule watches its guests only (${GUEST_ALERT_METRICS.join(', ')})`,
      );
    }
    if (input.clusterId) await this.access.requireCluster(actor, input.clusterId, 'read');
    if (input.guestId) {
      const g = await this.access.requireGuest(actor, input.guestId, 'view');
      if (companyId && g.companyId !== companyId) throw notFound('VM');
    }
    await this.requireChannels(companyId, input.channelIds);
    const rule = await this.repo.createRule(
      {
        companyId,
        name: input.name,
        metric: input.metric,
        threshold: input.threshold,
        forSec: input.forSec,
        severity: input.severity,
        clusterId: input.clusterId ?? null,
        guestId: input.guestId ?? null,
        tag: input.tag ?? null,
        repeatSec: input.repeatSec,
        enabled: input.enabled,
        createdById: actor.principal.userId,
      },
      input.channelIds,
    );
    await this.audit(actor, 'alert_rule.create', rule.companyId, rule.id, { name: rule.name });
    return toRuleDto(rule);
  }

  async updateRule(actor: Actor, id: string, input: UpdateAlertRuleInput): Promise<AlertRuleDto> {
    const rule = await this.mustFindRule(actor, id);
    if (input.channelIds) await this.requireChannels(rule.companyId, input.channelIds);
    const { channelIds, ...data } = input;
    const updated = await this.repo.updateRule(rule.id, data, channelIds);
    if (input.enabled === false) await this.repo.closeRuleAlerts(rule.id, new Date());
    await this.audit(actor, 'alert_rule.update', rule.companyId, rule.id, input);
    return toRuleDto(updated);
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    const rule = await this.mustFindRule(actor, id);
    await this.repo.deleteRule(rule.id);
    await this.audit(actor, 'alert_rule.delete', rule.companyId, rule.id, { name: rule.name });
  }

  async listChannels(actor: Actor): Promise<ChannelDto[]> {
    return (await this.repo.listChannels(actor.scope)).map(toChannelDto);
  }

  async createChannel(actor: Actor, input: CreateChannelInput): Promise<CreatedChannelDto> {
    const companyId = await this.owner(actor, input.companyId ?? null);
    let secret: string | undefined;
    const base = { companyId, name: input.name };
    const row = await this.repo.createChannel(
      input.type === 'email'
        ? { ...base, type: 'email', config: { to: input.to ?? [] } }
        : isUrlSecretChannel(input.type)
          ? {
              ...base,
              type: input.type,
              config: { host: new URL(input.url!).host },
              secret: this.cipher.encrypt(
                JSON.stringify({ url: input.url, token: input.token }),
                CHANNEL_URL_CONTEXT,
              ),
            }
          : {
              ...base,
              type: 'webhook',
              config: { url: input.url },
              secret: this.cipher.encrypt(
                (secret = input.secret ?? randomBytes(24).toString('base64url')),
                CHANNEL_SECRET_CONTEXT,
              ),
            },
    );
    await this.audit(actor, 'notification_channel.create', companyId, row.id, {
      name: row.name,
      type: row.type,
    });
    return { ...toChannelDto(row), ...(secret && !input.secret ? { secret } : {}) };
  }

  /**
   * Renames a channel, changes an e-mail channel's recipients or another's URL (a Slack, Teams or
   * ntfy URL is re-encrypted; an ntfy token is replaced or, with null, removed). Fields that do not
   * fit the stored channel's type are refused (400); the webhook signing secret is kept.
   */
  async updateChannel(actor: Actor, id: string, input: UpdateChannelInput): Promise<ChannelDto> {
    const c = await this.mustFindChannel(actor, id);
    if (c.type === 'email' ? input.url !== undefined : input.to !== undefined) {
      throw new AppError(
        'BAD_REQUEST',
        c.type === 'email'
          ? 'An e-mail channel has no URL'
          : `A ${c.type} channel has no recipients`,
      );
    }
    if (c.type !== 'ntfy' && input.token !== undefined) {
      throw new AppError('BAD_REQUEST', 'Only an ntfy channel has an access token');
    }
    const cfg = (c.config ?? {}) as Record<string, unknown>;
    const data: { name?: string; config?: object; secret?: string } = {};
    if (input.name !== undefined) data.name = input.name;
    if (c.type === 'email' && input.to) data.config = { ...cfg, to: input.to };
    if (c.type === 'webhook' && input.url) data.config = { ...cfg, url: input.url };
    if (isUrlSecretChannel(c.type) && (input.url !== undefined || input.token !== undefined)) {
      const old = JSON.parse(
        this.cipher.decrypt(c.secret ?? '', CHANNEL_URL_CONTEXT),
      ) as ChatTarget;
      const url = input.url ?? old.url;
      const token = input.token === undefined ? old.token : (input.token ?? undefined);
      data.config = { ...cfg, host: new URL(url).host };
      data.secret = this.cipher.encrypt(JSON.stringify({ url, token }), CHANNEL_URL_CONTEXT);
    }
    const row = await this.repo.updateChannel(c.id, data);
    await this.audit(actor, 'notification_channel.update', c.companyId, c.id, {
      name: row.name,
      changed: Object.keys(input),
    });
    return toChannelDto(row);
  }

  async deleteChannel(actor: Actor, id: string): Promise<void> {
    const c = await this.mustFindChannel(actor, id);
    await this.repo.deleteChannel(c.id);
    await this.audit(actor, 'notification_channel.delete', c.companyId, c.id, { name: c.name });
  }

  /** "Send test": one delivery through the same path as alerts; follow it in the delivery log. */
  async testChannel(actor: Actor, id: string): Promise<{ deliveryId: string }> {
    const c = await this.mustFindChannel(actor, id);
    const [d] = await this.repo.createDeliveries([
      { alertId: null, channelId: c.id, companyId: c.companyId, event: 'test', status: 'pending' },
    ]);
    await this.engine.enqueueDelivery(d.id, c.companyId);
    return { deliveryId: d.id };
  }

  /** The owner a new rule or channel gets: a company of the caller's, or the platform (staff). */
  private async owner(actor: Actor, companyId: string | null): Promise<string | null> {
    if (companyId) return (await this.access.requireCompany(actor, companyId)).id;
    this.access.requirePermission(actor, Permission.MonitoringFleet);
    return null;
  }

  private async requireChannels(companyId: string | null, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.repo.channelsOwnedBy(companyId, unique);
    if (found.length !== unique.length) throw notFound('Notification channel');
  }

  private async mustFindRule(actor: Actor, id: string): Promise<RuleRow> {
    const rule = await this.repo.findRule(actor.scope, id);
    if (!rule) throw notFound('Alert rule');
    if (rule.companyId === null) this.access.requirePermission(actor, Permission.MonitoringFleet);
    return rule;
  }

  private async mustFindChannel(actor: Actor, id: string): Promise<ChannelRow> {
    const c = await this.repo.findChannel(actor.scope, id);
    if (!c) throw notFound('Notification channel');
    if (c.companyId === null) this.access.requirePermission(actor, Permission.MonitoringFleet);
    return c;
  }

  private audit(
    actor: Actor,
    action: string,
    companyId: string | null,
    resourceId: string,
    details: object,
  ) {
    return this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType: action.split('.')[0],
      resourceId,
      ip: actor.meta.ip,
      details: details as Record<string, unknown>,
    });
  }
}
