import {
  ALERT_HYSTERESIS_POINTS,
  STATE_ALERT_METRICS,
  type AlertMetric,
  type AlertSeverity,
} from '@multpanel/contracts';
import type { ClusterReadings, GuestReading } from '../monitoring/metrics-aggregate';

// Pure: rules × one cluster's readings → what each (rule, target) looks like now, and what must
// change in the open alerts. Nothing here touches the database, so a 10,000-guest cluster against
// 50 rules is a few hundred thousand comparisons.

export interface RuleSpec {
  id: string;
  companyId: string | null;
  metric: AlertMetric;
  threshold: number;
  forSec: number;
  severity: AlertSeverity;
  clusterId: string | null;
  guestId: string | null;
  tag: string | null;
  repeatSec: number;
}

export interface EvaluationInput {
  clusterId: string;
  clusterName: string;
  /** false: the collection could not read the cluster (only `cluster_unreachable` is judged). */
  reachable: boolean;
  readings: ClusterReadings | null;
}

/** One target of a rule now: `breached` opens/keeps it, `clear` resolves a firing one. */
export interface Observation {
  target: string;
  label: string;
  companyId: string | null;
  guestId: string | null;
  /** The guest's node, the node, or a per-node storage's node (maintenance windows match it). */
  node: string | null;
  value: number;
  breached: boolean;
  clear: boolean;
}

export interface OpenAlert {
  id: string;
  ruleId: string;
  target: string;
  state: 'pending' | 'firing';
  since: Date;
  lastNotifiedAt: Date | null;
  acknowledgedAt: Date | null;
}

export type Transition =
  | { kind: 'open'; rule: RuleSpec; obs: Observation; firing: boolean }
  | { kind: 'fire'; rule: RuleSpec; alert: OpenAlert; obs: Observation }
  | { kind: 'repeat'; rule: RuleSpec; alert: OpenAlert; obs: Observation }
  | { kind: 'drop'; alert: OpenAlert }
  | { kind: 'resolve'; alert: OpenAlert; notify: boolean };

/** HA states that need a person: the resource failed, or its node is being fenced. */
const HA_ERROR_STATES = new Set(['error', 'fence']);

export const openKey = (ruleId: string, target: string) => `${ruleId}|${target}`;

function usage(value: number, threshold: number) {
  return {
    value: Math.round(value * 100) / 100,
    breached: value > threshold,
    clear: value <= threshold - ALERT_HYSTERESIS_POINTS,
  };
}

function state(down: boolean) {
  return { value: down ? 1 : 0, breached: down, clear: !down };
}

function guestInScope(rule: RuleSpec, g: GuestReading): boolean {
  if (rule.companyId && g.companyId !== rule.companyId) return false;
  if (rule.guestId && g.guestId !== rule.guestId) return false;
  if (rule.tag && !g.tags.includes(rule.tag)) return false;
  return true;
}

/** Whether a rule looks at this cluster at all. */
export function ruleApplies(rule: RuleSpec, clusterId: string): boolean {
  return rule.clusterId === null || rule.clusterId === clusterId;
}

/** Target keys of a reading's guests, computed once per readings and shared by every rule. */
const guestTargets = new WeakMap<GuestReading[], string[]>();
function targetsOf(clusterId: string, guests: GuestReading[]): string[] {
  let t = guestTargets.get(guests);
  if (!t) {
    t = guests.map((g) => (g.guestId ? `guest:${g.guestId}` : `guest:${clusterId}:${g.vmid}`));
    guestTargets.set(guests, t);
  }
  return t;
}

/**
 * What a rule sees on the cluster. `keep(target)`: also report targets that are not breached
 * (those with an open alert); without it every target is reported. Skipping the rest keeps a
 * 10,000-guest cluster from allocating an object per guest and rule.
 */
export function observe(
  rule: RuleSpec,
  input: EvaluationInput,
  keep?: (target: string) => boolean,
): Observation[] {
  const { clusterId } = input;
  if (rule.metric === 'cluster_unreachable') {
    return [
      {
        target: `cluster:${clusterId}`,
        label: input.clusterName,
        companyId: rule.companyId,
        guestId: null,
        node: null,
        ...state(!input.reachable),
      },
    ];
  }
  const r = input.readings;
  if (!input.reachable || !r) return [];
  const out: Observation[] = [];
  switch (rule.metric) {
    case 'guest_cpu':
    case 'guest_memory':
    case 'guest_disk':
    case 'guest_down':
    case 'guest_ha_error': {
      const targets = targetsOf(clusterId, r.guests);
      for (let i = 0; i < r.guests.length; i++) {
        const g = r.guests[i];
        if (!guestInScope(rule, g)) continue;
        const running = g.status === 'running';
        let v: { value: number; breached: boolean; clear: boolean };
        if (rule.metric === 'guest_down') v = state(!running);
        else if (rule.metric === 'guest_ha_error') {
          if (!g.hastate) continue;
          v = state(HA_ERROR_STATES.has(g.hastate));
        } else if (rule.metric === 'guest_cpu') {
          if (!running) continue;
          v = usage(g.cpu * 100, rule.threshold);
        } else if (rule.metric === 'guest_memory') {
          if (!running || g.maxmem <= 0) continue;
          v = usage((100 * g.mem) / g.maxmem, rule.threshold);
        } else {
          if (g.maxdisk <= 0 || g.disk <= 0) continue;
          v = usage((100 * g.disk) / g.maxdisk, rule.threshold);
        }
        if (keep && !v.breached && !keep(targets[i])) continue;
        out.push({
          target: targets[i],
          label: `${g.name} (${g.vmid})`,
          companyId: g.companyId,
          guestId: g.guestId,
          node: g.node,
          ...v,
        });
      }
      return out;
    }
    case 'node_cpu':
    case 'node_memory':
    case 'node_offline':
      for (const n of r.nodes) {
        const online = n.status === 'online';
        let v: { value: number; breached: boolean; clear: boolean };
        if (rule.metric === 'node_offline') v = state(!online);
        else if (!online) continue;
        else if (rule.metric === 'node_cpu') v = usage(n.cpu * 100, rule.threshold);
        else if (n.maxmem <= 0) continue;
        else v = usage((100 * n.mem) / n.maxmem, rule.threshold);
        out.push({
          target: `node:${clusterId}:${n.node}`,
          label: `${n.node} (${input.clusterName})`,
          companyId: rule.companyId,
          guestId: null,
          node: n.node,
          ...v,
        });
      }
      return out;
    case 'ceph_unhealthy': {
      // No Ceph storage (any open alert resolves), or Ceph did not answer (decide skips the rule).
      if (!r.ceph) return [];
      const h = r.ceph.health;
      return [
        {
          target: `ceph:${clusterId}`,
          label: `Ceph on ${input.clusterName}: ${h}`,
          companyId: rule.companyId,
          guestId: null,
          node: null,
          ...state(h !== 'HEALTH_OK'),
          value: h === 'HEALTH_OK' ? 0 : h === 'HEALTH_WARN' ? 1 : 2,
        },
      ];
    }
    case 'storage_fill': {
      const seen = new Set<string>();
      for (const s of r.storages) {
        if (s.status !== 'available' || s.maxdisk <= 0) continue;
        const target = `storage:${clusterId}:${s.shared ? '*' : s.node}:${s.storage}`;
        if (seen.has(target)) continue;
        seen.add(target);
        out.push({
          target,
          label: s.shared ? `${s.storage} (${input.clusterName})` : `${s.storage} on ${s.node}`,
          companyId: rule.companyId,
          guestId: null,
          node: s.shared ? null : s.node,
          ...usage((100 * s.disk) / s.maxdisk, rule.threshold),
        });
      }
      return out;
    }
  }
}

/**
 * The state machine per (rule, target): breached → pending (or firing at once when `forSec` is
 * 0) → firing after `forSec` → repeat every `repeatSec` unless acknowledged → resolved once clear
 * (usage: `ALERT_HYSTERESIS_POINTS` below the threshold). A pending alert whose condition goes
 * away is dropped. A target that disappeared (guest gone, stopped for a usage rule) is clear.
 * Only the rules given are judged: open alerts of other rules are left alone.
 */
export function decide(
  rules: RuleSpec[],
  input: EvaluationInput,
  open: OpenAlert[],
  now: number,
): Transition[] {
  const byRule = new Map<string, Map<string, OpenAlert>>();
  for (const a of open) {
    let m = byRule.get(a.ruleId);
    if (!m) byRule.set(a.ruleId, (m = new Map()));
    m.set(a.target, a);
  }
  const seen = new Set<string>();
  const out: Transition[] = [];
  const judged = new Set<string>();
  const none = () => false;
  for (const rule of rules) {
    if (!ruleApplies(rule, input.clusterId)) continue;
    // An unreachable cluster says nothing about its guests, nodes or storages.
    if (!input.reachable && rule.metric !== 'cluster_unreachable') continue;
    // Ceph did not answer this time: no news, its open alert stays as it is.
    if (rule.metric === 'ceph_unhealthy' && input.readings?.ceph === null) continue;
    judged.add(rule.id);
    const mine = byRule.get(rule.id);
    for (const obs of observe(rule, input, mine ? (t) => mine.has(t) : none)) {
      const key = openKey(rule.id, obs.target);
      seen.add(key);
      const alert = mine?.get(obs.target);
      if (!alert) {
        if (obs.breached) out.push({ kind: 'open', rule, obs, firing: rule.forSec === 0 });
        continue;
      }
      if (alert.state === 'pending') {
        if (!obs.breached) out.push({ kind: 'drop', alert });
        else if (now - alert.since.getTime() >= rule.forSec * 1000) {
          out.push({ kind: 'fire', rule, alert, obs });
        }
        continue;
      }
      if (obs.clear || (STATE_ALERT_METRICS.includes(rule.metric) && !obs.breached)) {
        out.push({ kind: 'resolve', alert, notify: true });
      } else if (
        obs.breached &&
        rule.repeatSec > 0 &&
        !alert.acknowledgedAt &&
        alert.lastNotifiedAt &&
        now - alert.lastNotifiedAt.getTime() >= rule.repeatSec * 1000
      ) {
        out.push({ kind: 'repeat', rule, alert, obs });
      }
    }
  }
  for (const alert of open) {
    if (!judged.has(alert.ruleId) || seen.has(openKey(alert.ruleId, alert.target))) continue;
    out.push(
      alert.state === 'pending'
        ? { kind: 'drop', alert }
        : { kind: 'resolve', alert, notify: true },
    );
  }
  return out;
}
