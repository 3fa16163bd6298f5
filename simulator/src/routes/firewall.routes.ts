import { createHash } from 'node:crypto';
import { PveError } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { ClusterState, FirewallRule, FirewallScope } from '../world/types';
import { splitList } from './helpers';

const RULE_KEYS = [
  'type',
  'action',
  'enable',
  'source',
  'dest',
  'proto',
  'dport',
  'sport',
  'iface',
  'macro',
  'log',
  'comment',
  'icmp-type',
];
const MACROS: Array<[string, string]> = [
  ['DNS', 'Domain Name System traffic (upd and tcp)'],
  ['HTTP', 'Hypertext Transfer Protocol (WWW)'],
  ['HTTPS', 'Hypertext Transfer Protocol (WWW) over SSL'],
  ['Ping', 'ICMP echo request'],
  ['SSH', 'Secure shell traffic'],
  ['SMTP', 'Simple Mail Transfer Protocol'],
  ['RDP', 'Microsoft Remote Desktop Protocol traffic'],
  ['MySQL', 'MySQL server'],
  ['PostgreSQL', 'PostgreSQL server'],
];

const emptyScope = (): FirewallScope => ({ rules: [], options: {}, ipsets: {}, aliases: {} });

export function firewallState(c: ClusterState) {
  c.firewall ??= { cluster: emptyScope(), groups: {}, guests: {}, ha: {} };
  c.firewall.ha ??= {};
  return c.firewall;
}

const digestOf = (x: unknown) => createHash('sha1').update(JSON.stringify(x)).digest('hex');

function checkDigest(ctx: RouteCtx, current: unknown): void {
  if (ctx.p.digest && ctx.p.digest !== digestOf(current))
    throw new PveError(
      500,
      'detected modified configuration - file changed by other user? Try again.',
    );
}

function ruleFromParams(ctx: RouteCtx, base?: FirewallRule): FirewallRule {
  const r: Record<string, string | number> = { ...base } as Record<string, string | number>;
  for (const k of RULE_KEYS) if (ctx.p[k] !== undefined) r[k] = ctx.p[k] as string | number;
  if (base) for (const k of splitList(ctx.p.delete)) delete r[k];
  if (r.type === 'group' && ctx.c.firewall && !ctx.c.firewall.groups[String(r.action)])
    throw new PveError(500, `security group '${r.action}' does not exist`);
  return r as FirewallRule;
}

function rulesOut(rules: FirewallRule[]) {
  const digest = digestOf(rules);
  return rules.map((r, pos) => ({ pos, ...r, digest }));
}

/** rules list + CRUD by position, shared by cluster, group and guest firewalls */
function registerRules(
  r: Router,
  listPath: string,
  itemPath: string,
  rules: (ctx: RouteCtx) => FirewallRule[],
): void {
  r.add('GET', listPath, (ctx) => rulesOut(rules(ctx)));
  r.add('POST', listPath, (ctx) => {
    const list = rules(ctx);
    checkDigest(ctx, list);
    const rule = ruleFromParams(ctx);
    const pos = ctx.p.pos === undefined ? 0 : Math.min(Number(ctx.p.pos), list.length);
    list.splice(pos, 0, rule);
    return null;
  });
  const at = (ctx: RouteCtx) => {
    const list = rules(ctx);
    const pos = Number(ctx.p.pos ?? -1);
    if (!Number.isInteger(pos) || !list[pos])
      throw new PveError(500, `no rule at position ${ctx.p.pos}`);
    return { list, pos };
  };
  r.add('GET', itemPath, (ctx) => {
    const { list, pos } = at(ctx);
    return { pos, ...list[pos] };
  });
  r.add('PUT', itemPath, (ctx) => {
    const { list, pos } = at(ctx);
    checkDigest(ctx, list);
    const updated = ruleFromParams(ctx, list[pos]);
    list.splice(pos, 1);
    const to = ctx.p.moveto === undefined ? pos : Math.min(Number(ctx.p.moveto), list.length);
    list.splice(to, 0, updated);
    return null;
  });
  r.add('DELETE', itemPath, (ctx) => {
    const { list, pos } = at(ctx);
    checkDigest(ctx, list);
    list.splice(pos, 1);
    return null;
  });
}

function registerScope(
  r: Router,
  base: string,
  scope: (ctx: RouteCtx) => FirewallScope,
  guest: boolean,
): void {
  registerRules(r, `${base}/rules`, `${base}/rules/{pos}`, (ctx) => scope(ctx).rules);
  r.add('GET', `${base}/options`, (ctx) => {
    const o = scope(ctx).options;
    return guest ? { enable: 0, ...o } : { enable: 0, ...o };
  });
  r.add('PUT', `${base}/options`, (ctx) => {
    const s = scope(ctx);
    checkDigest(ctx, s.options);
    for (const [k, v] of Object.entries(ctx.p))
      if (!['node', 'vmid', 'digest', 'delete'].includes(k) && v !== undefined)
        s.options[k] = v as string | number;
    for (const k of splitList(ctx.p.delete)) delete s.options[k];
    return null;
  });
  r.add('GET', `${base}/ipset`, (ctx) => {
    const sets = scope(ctx).ipsets;
    return Object.entries(sets).map(([name, s]) => ({
      name,
      ...(s.comment ? { comment: s.comment } : {}),
      digest: digestOf(sets),
    }));
  });
  r.add('POST', `${base}/ipset`, (ctx) => {
    const sets = scope(ctx).ipsets;
    const name = String(ctx.p.name);
    if (ctx.p.rename) {
      const old = sets[String(ctx.p.rename)];
      if (!old) throw new PveError(500, `IPSet '${ctx.p.rename}' does not exist`);
      delete sets[String(ctx.p.rename)];
      sets[name] = { ...old, comment: (ctx.p.comment as string | undefined) ?? old.comment };
      return null;
    }
    if (sets[name]) throw new PveError(500, `IPSet '${name}' already exists`);
    sets[name] = { comment: ctx.p.comment as string | undefined, entries: [] };
    return null;
  });
  const setOrFail = (ctx: RouteCtx) => {
    const s = scope(ctx).ipsets[String(ctx.p.name)];
    if (!s) throw new PveError(500, `no such IPSet '${ctx.p.name}'`);
    return s;
  };
  r.add('GET', `${base}/ipset/{name}`, (ctx) => {
    const s = setOrFail(ctx);
    const digest = digestOf(s.entries);
    return s.entries.map((e) => ({
      cidr: e.cidr,
      ...(e.comment ? { comment: e.comment } : {}),
      ...(e.nomatch ? { nomatch: 1 } : {}),
      digest,
    }));
  });
  r.add('POST', `${base}/ipset/{name}`, (ctx) => {
    const s = setOrFail(ctx);
    const cidr = String(ctx.p.cidr);
    if (s.entries.some((e) => e.cidr === cidr))
      throw new PveError(500, `address '${cidr}' already exists`);
    s.entries.push({
      cidr,
      comment: ctx.p.comment as string | undefined,
      nomatch: ctx.p.nomatch ? 1 : undefined,
    });
    return null;
  });
  r.add('DELETE', `${base}/ipset/{name}`, (ctx) => {
    const s = setOrFail(ctx);
    if (s.entries.length && !ctx.p.force)
      throw new PveError(500, `IPSet '${ctx.p.name}' is not empty`);
    delete scope(ctx).ipsets[String(ctx.p.name)];
    return null;
  });
  const entryOrFail = (ctx: RouteCtx) => {
    const s = setOrFail(ctx);
    const e = s.entries.find((x) => x.cidr === ctx.p.cidr);
    if (!e) throw new PveError(500, `no such IP/Network '${ctx.p.cidr}'`);
    return { s, e };
  };
  r.add('GET', `${base}/ipset/{name}/{cidr}`, (ctx) => {
    const { e } = entryOrFail(ctx);
    return {
      cidr: e.cidr,
      ...(e.comment ? { comment: e.comment } : {}),
      nomatch: e.nomatch ? 1 : 0,
    };
  });
  r.add('PUT', `${base}/ipset/{name}/{cidr}`, (ctx) => {
    const { e } = entryOrFail(ctx);
    if (ctx.p.comment !== undefined) e.comment = String(ctx.p.comment);
    if (ctx.p.nomatch !== undefined) e.nomatch = ctx.p.nomatch ? 1 : 0;
    return null;
  });
  r.add('DELETE', `${base}/ipset/{name}/{cidr}`, (ctx) => {
    const { s, e } = entryOrFail(ctx);
    s.entries = s.entries.filter((x) => x !== e);
    return null;
  });
  r.add('GET', `${base}/aliases`, (ctx) => {
    const a = scope(ctx).aliases;
    return Object.entries(a).map(([name, x]) => ({
      name,
      cidr: x.cidr,
      ...(x.comment ? { comment: x.comment } : {}),
      digest: digestOf(a),
    }));
  });
  r.add('POST', `${base}/aliases`, (ctx) => {
    const a = scope(ctx).aliases;
    const name = String(ctx.p.name);
    if (a[name]) throw new PveError(500, `alias '${name}' already exists`);
    a[name] = { cidr: String(ctx.p.cidr), comment: ctx.p.comment as string | undefined };
    return null;
  });
  const aliasOrFail = (ctx: RouteCtx) => {
    const x = scope(ctx).aliases[String(ctx.p.name)];
    if (!x) throw new PveError(500, `no such alias '${ctx.p.name}'`);
    return x;
  };
  r.add('GET', `${base}/aliases/{name}`, (ctx) => ({
    name: ctx.p.name,
    ...aliasOrFail(ctx),
    digest: digestOf(scope(ctx).aliases),
  }));
  r.add('PUT', `${base}/aliases/{name}`, (ctx) => {
    const x = aliasOrFail(ctx);
    x.cidr = String(ctx.p.cidr);
    if (ctx.p.comment !== undefined) x.comment = String(ctx.p.comment);
    if (ctx.p.rename) {
      delete scope(ctx).aliases[String(ctx.p.name)];
      scope(ctx).aliases[String(ctx.p.rename)] = x;
    }
    return null;
  });
  r.add('DELETE', `${base}/aliases/{name}`, (ctx) => {
    aliasOrFail(ctx);
    delete scope(ctx).aliases[String(ctx.p.name)];
    return null;
  });
  r.add('GET', `${base}/refs`, (ctx) => {
    const s = scope(ctx);
    const sc = guest ? 'guest' : 'dc';
    const out = [
      ...Object.entries(s.aliases).map(([name, a]) => ({
        type: 'alias',
        name,
        ref: name,
        scope: sc,
        ...(a.comment ? { comment: a.comment } : {}),
      })),
      ...Object.entries(s.ipsets).map(([name, x]) => ({
        type: 'ipset',
        name,
        ref: `+${name}`,
        scope: sc,
        ...(x.comment ? { comment: x.comment } : {}),
      })),
    ];
    return ctx.p.type ? out.filter((x) => x.type === ctx.p.type) : out;
  });
}

export function registerFirewallRoutes(r: Router): void {
  const cluster = (ctx: RouteCtx) => firewallState(ctx.c).cluster;
  r.add('GET', '/cluster/firewall', () =>
    ['aliases', 'groups', 'ipset', 'macros', 'options', 'refs', 'rules'].map((name) => ({ name })),
  );
  registerScope(r, '/cluster/firewall', cluster, false);
  r.add('GET', '/cluster/firewall/macros', () =>
    MACROS.map(([macro, descr]) => ({ macro, descr })),
  );
  r.add('GET', '/cluster/firewall/groups', (ctx) => {
    const g = firewallState(ctx.c).groups;
    return Object.entries(g).map(([group, x]) => ({
      group,
      ...(x.comment ? { comment: x.comment } : {}),
      digest: digestOf(g),
    }));
  });
  r.add('POST', '/cluster/firewall/groups', (ctx) => {
    const fw = firewallState(ctx.c);
    const group = String(ctx.p.group);
    if (ctx.p.rename) {
      const old = fw.groups[String(ctx.p.rename)];
      if (!old) throw new PveError(500, `security group '${ctx.p.rename}' does not exist`);
      delete fw.groups[String(ctx.p.rename)];
      fw.groups[group] = old;
      return null;
    }
    if (fw.groups[group]) throw new PveError(500, `security group '${group}' already exists`);
    fw.groups[group] = { comment: ctx.p.comment as string | undefined, rules: [] };
    return null;
  });
  const groupRules = (ctx: RouteCtx) => {
    const g = firewallState(ctx.c).groups[String(ctx.p.group)];
    if (!g) throw new PveError(500, `no such security group '${ctx.p.group}'`);
    return g.rules;
  };
  registerRules(
    r,
    '/cluster/firewall/groups/{group}',
    '/cluster/firewall/groups/{group}/{pos}',
    groupRules,
  );
  r.add('DELETE', '/cluster/firewall/groups/{group}', (ctx) => {
    const fw = firewallState(ctx.c);
    if (groupRules(ctx).length)
      throw new PveError(500, `security group '${ctx.p.group}' is not empty`);
    delete fw.groups[String(ctx.p.group)];
    return null;
  });

  // node firewall: rules, options and log only
  const nodeScope = (ctx: RouteCtx) => {
    ctx.rt.node(String(ctx.p.node));
    const fw = firewallState(ctx.c);
    return (fw.guests[`node/${ctx.p.node}`] ??= emptyScope());
  };
  r.add('GET', '/nodes/{node}/firewall', () =>
    ['log', 'options', 'rules'].map((name) => ({ name })),
  );
  registerRules(
    r,
    '/nodes/{node}/firewall/rules',
    '/nodes/{node}/firewall/rules/{pos}',
    (ctx) => nodeScope(ctx).rules,
  );
  r.add('GET', '/nodes/{node}/firewall/options', (ctx) => ({
    enable: 1,
    ...nodeScope(ctx).options,
  }));
  r.add('PUT', '/nodes/{node}/firewall/options', (ctx) => {
    const o = nodeScope(ctx).options;
    checkDigest(ctx, o);
    for (const [k, v] of Object.entries(ctx.p))
      if (!['node', 'digest', 'delete'].includes(k) && v !== undefined) o[k] = v as string | number;
    for (const k of splitList(ctx.p.delete)) delete o[k];
    return null;
  });
  r.add('GET', '/nodes/{node}/firewall/log', (ctx) => {
    nodeScope(ctx);
    return [{ n: 0, t: 'no content' }];
  });

  for (const kind of ['qemu', 'lxc'] as const) {
    const base = `/nodes/{node}/${kind}/{vmid}/firewall`;
    const scope = (ctx: RouteCtx) => {
      const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), kind);
      const fw = firewallState(ctx.c);
      return (fw.guests[String(g.vmid)] ??= emptyScope());
    };
    r.add('GET', base, () =>
      ['aliases', 'ipset', 'log', 'options', 'refs', 'rules'].map((name) => ({ name })),
    );
    registerScope(r, base, scope, true);
    r.add('GET', `${base}/log`, (ctx) => {
      scope(ctx);
      return [{ n: 0, t: 'no content' }];
    });
  }
}
