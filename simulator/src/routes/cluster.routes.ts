import { guestPriv, hasPriv, isRoot } from '../auth/acl';
import type { ClusterRuntime } from '../runtime';
import type { ClusterState, Guest } from '../world/types';
import { PveError } from '../errors';
import { RawJson, type Router, type RouteCtx } from '../router';
import { guestCpus, guestUsage, nodeUsage } from '../world/metrics';
import { storageStatus, storageUsage } from '../world/storage';
import { index, now } from './helpers';
import { taskListItem } from './tasks.routes';

export const PVE_VERSION = { version: '9.1.9', release: '9.1', repoid: '7b1d2a9c4e5f6a70' };

interface GuestRows {
  version: number;
  bucket: number;
  items: Array<[Guest, Record<string, unknown>]>;
  json?: string;
}

const itemCache = new WeakMap<ClusterRuntime, GuestRows>();

/**
 * Guest rows for /cluster/resources. PVE serves these from pvestatd's periodic snapshot; we rebuild
 * when the world changed or the 2 s metrics bucket moved, which keeps 10k-guest clusters fast.
 */
function guestItems(
  rt: ClusterRuntime,
  c: ClusterState,
  t: number,
): Array<[Guest, Record<string, unknown>]> {
  return guestRows(rt, c, t).items;
}

/** serialized rows (without brackets) for callers that may see every guest */
function guestJson(rt: ClusterRuntime, c: ClusterState, t: number): string {
  const rows = guestRows(rt, c, t);
  rows.json ??= rows.items.map(([, item]) => JSON.stringify(item)).join(',');
  return rows.json;
}

function guestRows(rt: ClusterRuntime, c: ClusterState, t: number): GuestRows {
  const bucket = Math.floor(t / 2000);
  const hit = itemCache.get(rt);
  if (hit && hit.version === rt.version && hit.bucket === bucket) return hit;
  const nodeOnline = new Map(c.nodes.map((n) => [n.name, n.online]));
  const items: Array<[Guest, Record<string, unknown>]> = [];
  for (const g of c.guests.values()) {
    const u = guestUsage(g, t);
    const item: Record<string, unknown> = {
      id: `${g.type}/${g.vmid}`,
      type: g.type,
      vmid: g.vmid,
      node: g.node,
      name: String(g.config.name ?? g.config.hostname ?? ''),
      status: nodeOnline.get(g.node) ? g.status : 'unknown',
      template: g.config.template ? 1 : 0,
      cpu: u.cpu,
      maxcpu: guestCpus(g),
      mem: u.mem,
      maxmem: u.maxmem,
      disk: u.disk,
      maxdisk: u.maxdisk,
      netin: u.netin,
      netout: u.netout,
      diskread: u.diskread,
      diskwrite: u.diskwrite,
      uptime: u.uptime,
    };
    if (g.lock) item.lock = g.lock;
    if (g.pool) item.pool = g.pool;
    const ha = c.firewall?.ha?.[`${g.type === 'qemu' ? 'vm' : 'ct'}:${g.vmid}`];
    if (ha) item.hastate = String(ha.state ?? 'started');
    if (g.config.tags) item.tags = g.config.tags;
    items.push([g, item]);
  }
  const entry: GuestRows = { version: rt.version, bucket, items };
  itemCache.set(rt, entry);
  return entry;
}

function resources(ctx: RouteCtx, type?: string) {
  const { c, auth } = ctx;
  const out: Array<Record<string, unknown>> = [];
  const t = Date.now();
  let vmJson = '';
  if (!type || type === 'vm') {
    // without per-VM or per-pool ACLs every guest shares the answer for /vms/<any>
    const perGuest = c.acls.some((a) => a.path.startsWith('/vms/') || a.path.startsWith('/pool/'));
    const seesAll = isRoot(auth) || (!perGuest && hasPriv(c, auth, '/vms/0', ['VM.Audit']));
    if (seesAll) vmJson = guestJson(ctx.rt, c, t);
    else if (perGuest)
      for (const [g, item] of guestItems(ctx.rt, c, t))
        if (guestPriv(c, auth, g, ['VM.Audit'])) out.push(item);
  }
  if (!type || type === 'node') {
    for (const n of c.nodes) {
      if (!hasPriv(c, auth, `/nodes/${n.name}`, ['Sys.Audit'])) continue;
      const u = nodeUsage(c, n, t);
      out.push({
        id: `node/${n.name}`,
        type: 'node',
        node: n.name,
        status: n.online ? 'online' : 'offline',
        cpu: u.cpu,
        maxcpu: n.maxcpu,
        mem: u.mem,
        maxmem: n.maxmem,
        disk: 12 * 1024 ** 3,
        maxdisk: 100 * 1024 ** 3,
        uptime: u.uptime,
        level: '',
        'cgroup-mode': 2,
      });
    }
  }
  if (!type || type === 'storage') {
    const usage = storageUsage(c);
    for (const s of c.storages) {
      if (
        !hasPriv(
          c,
          auth,
          `/storage/${s.storage}`,
          ['Datastore.Audit', 'Datastore.AllocateSpace'],
          true,
        )
      )
        continue;
      for (const n of c.nodes) {
        if (s.nodes && !String(s.nodes).split(',').includes(n.name)) continue;
        const st = storageStatus(c, s, n.name, usage);
        const pool = Object.entries(c.pools).find(([, p]) => p.storage.includes(s.storage))?.[0];
        out.push({
          id: `storage/${n.name}/${s.storage}`,
          type: 'storage',
          storage: s.storage,
          node: n.name,
          status: n.online ? 'available' : 'unknown',
          plugintype: s.type,
          content: s.content,
          shared: s.shared,
          disk: st.used,
          maxdisk: st.total,
          ...(pool ? { pool } : {}),
        });
      }
    }
  }
  if (!type) {
    for (const poolid of Object.keys(c.pools))
      if (hasPriv(c, auth, `/pool/${poolid}`, ['Pool.Audit']))
        out.push({ id: `pool/${poolid}`, type: 'pool', pool: poolid });
  }
  if (!type || type === 'sdn') {
    for (const n of c.nodes)
      for (const zone of Object.keys(c.sdn.zones))
        if (hasPriv(c, auth, `/sdn/zones/${zone}`, ['SDN.Audit']))
          out.push({
            id: `sdn/${n.name}/${zone}`,
            type: 'sdn',
            sdn: zone,
            node: n.name,
            status: 'ok',
            'zone-type': String(c.sdn.zones[zone].type),
            network: zone,
            'network-type': 'zone',
          });
  }
  if (!vmJson) return out;
  const rest = out.map((x) => JSON.stringify(x)).join(',');
  return new RawJson(`{"data":[${rest ? `${vmJson},${rest}` : vmJson}]}`);
}

export function registerClusterRoutes(r: Router): void {
  r.add('GET', '/version', () => ({ ...PVE_VERSION, console: 'html5' }));
  r.add('GET', '/cluster', () =>
    index(
      [
        'log',
        'options',
        'resources',
        'replication',
        'tasks',
        'backup',
        'backup-info',
        'ha',
        'acme',
        'config',
        'nextid',
        'firewall',
        'mapping',
        'jobs',
        'metrics',
        'notifications',
        'sdn',
        'ceph',
        'status',
      ],
      'name',
    ),
  );
  r.add('GET', '/cluster/status', (ctx) => {
    const { c } = ctx;
    return [
      {
        id: 'cluster',
        type: 'cluster',
        name: c.name,
        nodes: c.nodes.length,
        quorate: c.nodes.filter((n) => n.online).length * 2 > c.nodes.length ? 1 : 0,
        version: c.nodes.length + 2,
      },
      ...c.nodes.map((n, i) => ({
        id: `node/${n.name}`,
        type: 'node',
        name: n.name,
        nodeid: n.nodeid,
        ip: n.ip,
        online: n.online ? 1 : 0,
        local: i === 0 ? 1 : 0,
        level: '',
      })),
    ];
  });
  r.add('GET', '/cluster/resources', (ctx) => resources(ctx, ctx.p.type as string | undefined));
  r.add('GET', '/cluster/nextid', (ctx) => {
    const { c, p } = ctx;
    if (p.vmid !== undefined) {
      if (c.guests.has(Number(p.vmid)))
        throw new PveError(400, `Parameter verification failed.`, {
          vmid: `VM ${p.vmid} already exists`,
        });
      return Number(p.vmid);
    }
    for (let id = 100; ; id++) if (!c.guests.has(id)) return id;
  });
  r.add('GET', '/cluster/tasks', (ctx) => {
    const tasks = ctx.c.tasks
      .slice(-2000)
      .reverse()
      .filter(
        (t) =>
          t.user === ctx.auth.authid ||
          t.user === ctx.auth.user ||
          hasPriv(ctx.c, ctx.auth, `/nodes/${t.node}`, ['Sys.Audit']),
      );
    return tasks.map((t) => ({ ...taskListItem(t), saved: t.status === 'stopped' ? '1' : '0' }));
  });
  r.add('GET', '/cluster/options', (ctx) => ({
    keyboard: 'en-us',
    console: 'html5',
    'mac-prefix': 'BC:24:11',
    description: `Simulated cluster ${ctx.c.name}`,
  }));
  r.add('GET', '/cluster/ha', () => index(['status', 'resources', 'groups', 'rules'], 'id'));
  r.add('GET', '/cluster/ha/status/current', (ctx) => {
    const { c } = ctx;
    const ha = c.firewall?.ha ?? {};
    const master = c.nodes.find((n) => n.online) ?? c.nodes[0];
    const ts = now();
    return [
      { id: 'quorum', type: 'quorum', node: master.name, status: 'OK', quorate: 1 },
      ...(Object.keys(ha).length
        ? [
            {
              id: 'master',
              type: 'master',
              node: master.name,
              status: `${master.name} (active, ${new Date().toUTCString()})`,
              timestamp: ts,
            },
          ]
        : []),
      ...(Object.keys(ha).length
        ? c.nodes.map((n) => ({
            id: `lrm:${n.name}`,
            type: 'lrm',
            node: n.name,
            status: `${n.name} (${n.online ? 'active' : 'old timestamp - dead?'}, ${new Date().toUTCString()})`,
            timestamp: ts,
          }))
        : []),
      ...Object.values(ha).map((r) => {
        const g = c.guests.get(Number(String(r.sid).split(':')[1]));
        const state =
          g?.status === 'running'
            ? 'started'
            : String(r.state) === 'started'
              ? 'starting'
              : String(r.state);
        return {
          id: `service:${r.sid}`,
          type: 'service',
          sid: String(r.sid),
          node: g?.node ?? master.name,
          state,
          request_state: String(r.state),
          crm_state: state,
          status: `${r.sid} (${g?.node ?? '?'}, ${state})`,
          max_restart: Number(r.max_restart ?? 1),
          max_relocate: Number(r.max_relocate ?? 1),
        };
      }),
    ];
  });
  r.add('GET', '/cluster/config/join', (ctx) => ({
    config_digest: '0'.repeat(40),
    nodelist: ctx.c.nodes.map((n) => ({
      name: n.name,
      nodeid: String(n.nodeid),
      pve_addr: n.ip,
      pve_fp: ctx.rt.fingerprint(),
      quorum_votes: '1',
      ring0_addr: n.ip,
    })),
    preferred_node: ctx.c.nodes[0].name,
    totem: {
      cluster_name: ctx.c.name,
      config_version: '3',
      ip_version: 'ipv4-6',
      secauth: 'on',
      version: '2',
    },
  }));
}
