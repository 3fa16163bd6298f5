import { createHash } from 'node:crypto';
import { PveError, paramError } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { ClusterState, HaRule } from '../world/types';
import { firewallState } from './firewall.routes';
import { index, now, splitList } from './helpers';

// HA rules, the retired HA groups and the CRM's full status (pve-ha-manager 5, PVE 9).

const rulesOf = (c: ClusterState) => (c.haRules ??= {});
const resourcesOf = (c: ClusterState) => firewallState(c).ha;
const digest = (x: unknown) => createHash('sha1').update(JSON.stringify(x)).digest('hex');

/** `vm:100,ct:101` → sorted sids; a bare VMID means `vm:<id>` as in ha-manager. */
function sidList(v: unknown): string[] {
  return [...new Set(splitList(v).map((s) => (/^\d+$/.test(s) ? `vm:${s}` : s)))].sort();
}

/** `pve2:1,pve1` → `pve1,pve2:1` (node names sorted, priorities kept). */
function nodeList(v: unknown): string[] {
  return splitList(v).sort((a, b) => a.split(':')[0].localeCompare(b.split(':')[0]));
}

function ruleView(c: ClusterState, id: string, r: HaRule) {
  return { rule: id, ...r, digest: digest(rulesOf(c)) };
}

export function registerHaRoutes(r: Router): void {
  r.add('GET', '/cluster/ha/status', () =>
    index(['current', 'manager_status', 'disarm-ha', 'arm-ha'], 'name'),
  );

  r.add('GET', '/cluster/ha/rules', (ctx) => {
    const { c, p } = ctx;
    const sid = p.resource === undefined ? undefined : sidList(p.resource)[0];
    return Object.entries(rulesOf(c))
      .filter(([, x]) => !p.type || x.type === p.type)
      .filter(([, x]) => !sid || x.resources.split(',').includes(sid))
      .sort(([, a], [, b]) => a.order - b.order)
      .map(([id, x]) => ruleView(c, id, x));
  });
  const ruleOrFail = (ctx: RouteCtx) => {
    const x = rulesOf(ctx.c)[String(ctx.p.rule)];
    if (!x) throw new PveError(500, `no such ha rule '${ctx.p.rule}'`);
    return x;
  };
  r.add('GET', '/cluster/ha/rules/{rule}', (ctx) =>
    ruleView(ctx.c, String(ctx.p.rule), ruleOrFail(ctx)),
  );
  r.add('POST', '/cluster/ha/rules', (ctx) => {
    const { c, p } = ctx;
    const id = String(p.rule);
    const type = String(p.type) as HaRule['type'];
    const rules = rulesOf(c);
    if (rules[id]) throw new PveError(500, `HA rule '${id}' already defined`);
    const resources = sidList(p.resources);
    if (!resources.length) throw new PveError(500, 'no resources were specified');
    const unmanaged = resources.filter((s) => !resourcesOf(c)[s]);
    if (unmanaged.length)
      throw new PveError(500, `cannot use unmanaged resource(s) ${unmanaged.join(', ')}.`);
    const rule: HaRule = {
      type,
      resources: resources.join(','),
      order: Math.max(0, ...Object.values(rules).map((x) => x.order)) + 1,
    };
    if (type === 'node-affinity') {
      const nodes = nodeList(p.nodes);
      if (!nodes.length) throw paramError({ nodes: 'property is missing and it is not optional' });
      const unknown = nodes
        .map((n) => n.split(':')[0])
        .filter((n) => !c.nodes.some((x) => x.name === n));
      if (unknown.length)
        throw new PveError(500, `cannot use non-existent node(s) ${unknown.join(', ')}.`);
      rule.nodes = nodes.join(',');
      if (p.strict) rule.strict = 1;
    } else {
      if (!p.affinity) throw paramError({ affinity: 'property is missing and it is not optional' });
      if (resources.length < 2)
        throw paramError({ resources: 'rule must specify at least two resources' });
      rule.affinity = p.affinity as HaRule['affinity'];
    }
    if (p.disable) rule.disable = 1;
    if (p.comment !== undefined) rule.comment = String(p.comment);
    rules[id] = rule;
    return null;
  });
  r.add('DELETE', '/cluster/ha/rules/{rule}', (ctx) => {
    ruleOrFail(ctx);
    delete rulesOf(ctx.c)[String(ctx.p.rule)];
    return null;
  });

  // PVE 9 migrated HA groups to node-affinity rules; with no groups left the API refuses them.
  r.add('GET', '/cluster/ha/groups', () => {
    throw new PveError(500, 'cannot index groups: ha groups have been migrated to rules');
  });

  r.add('GET', '/cluster/ha/status/manager_status', (ctx) => {
    const { c } = ctx;
    const master = c.nodes.find((n) => n.online) ?? c.nodes[0];
    const quorum = { node: master.name, quorate: 1 };
    const resources = Object.values(resourcesOf(c));
    // a CRM that never had a service to manage writes no status (a fresh cluster)
    if (!resources.length) return { manager_status: {}, quorum };
    const ts = now();
    const serviceStatus: Record<string, Record<string, unknown>> = {};
    for (const res of resources) {
      const sid = String(res.sid);
      const g = c.guests.get(Number(sid.split(':')[1]));
      const running = g?.status === 'running';
      const state =
        res.state === 'started' ? (running ? 'started' : 'starting') : String(res.state);
      serviceStatus[sid] = {
        node: g?.node ?? master.name,
        state,
        uid: digest(`${sid}/${g?.node}/${state}`).slice(0, 22),
        ...(running ? { running: 1 } : {}),
      };
    }
    return {
      manager_status: {
        master_node: master.name,
        node_status: Object.fromEntries(
          c.nodes.map((n) => [n.name, n.online ? 'online' : 'unknown']),
        ),
        service_status: serviceStatus,
        timestamp: ts,
      },
      quorum,
      lrm_status: Object.fromEntries(
        c.nodes.map((n) => [
          n.name,
          n.online
            ? {
                mode: 'active',
                results: {},
                state: resources.some((x) => serviceStatus[String(x.sid)].node === n.name)
                  ? 'active'
                  : 'wait_for_agent_lock',
                timestamp: ts,
              }
            : { mode: 'active', results: {}, state: 'lost_agent_lock', timestamp: ts - 120 },
        ]),
      ),
    };
  });
}
