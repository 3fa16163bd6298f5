import {
  isUrlSecretChannel,
  type AlertDto,
  type AlertRuleDto,
  type AlertSeverity,
  type ChannelDto,
} from '@multpanel/contracts';
import type { AlertRow, ChannelRow, RuleRow } from './alerts.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAlertDto(a: AlertRow, ackBy: string | null = null): AlertDto {
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.rule.name,
    metric: a.rule.metric,
    companyId: a.companyId,
    clusterId: a.clusterId,
    guestId: a.guestId,
    target: a.target,
    targetLabel: a.targetLabel,
    state: a.state,
    severity: a.severity as AlertSeverity,
    value: a.value,
    threshold: a.rule.threshold,
    since: a.since.toISOString(),
    firedAt: iso(a.firedAt),
    resolvedAt: iso(a.resolvedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: ackBy,
    ackComment: a.ackComment,
    silencedUntil: iso(a.silencedUntil),
  };
}

export function toRuleDto(r: RuleRow): AlertRuleDto {
  return {
    id: r.id,
    companyId: r.companyId,
    name: r.name,
    metric: r.metric,
    threshold: r.threshold,
    forSec: r.forSec,
    severity: r.severity,
    clusterId: r.clusterId,
    guestId: r.guestId,
    tag: r.tag,
    channelIds: r.channels.map((c) => c.channelId),
    repeatSec: r.repeatSec,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toChannelDto(c: ChannelRow): ChannelDto {
  const cfg = (c.config ?? {}) as { to?: string[]; url?: string; host?: string };
  return {
    id: c.id,
    companyId: c.companyId,
    name: c.name,
    type: c.type,
    to: c.type === 'email' ? (cfg.to ?? []) : null,
    url: c.type === 'webhook' ? (cfg.url ?? null) : null,
    urlHost: isUrlSecretChannel(c.type) ? (cfg.host ?? null) : null,
    createdAt: c.createdAt.toISOString(),
  };
}
