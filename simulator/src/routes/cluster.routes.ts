import { guestPriv, hasPriv, isRoot } from '../auth/acl';
import type { ClusterRuntime } from '../runtime';
import type { ClusterState, Guest } from '../world/types';
import { PveError } from '../errors';
import { RawJson, type Router, type RouteCtx } from '../router';
import { guestCpus, guestUsage, nodeUsage } from '../world/metrics';
import { storageStatus, storageUsage } from '../world/storage';
import { index, now, splitList } from './helpers';
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

  // ceph
  r.add('GET', '/cluster/ceph', () => index(['metadata', 'status', 'flags']));
  const cephStatus = (ctx: RouteCtx) => {
    const { c } = ctx;
    const osds = c.nodes.length * 4;
    const up = c.nodes.filter((n) => n.online).length * 4;
    const total = 48 * 1024 ** 4;
    const used = Math.round(total * 0.31);
    const rate = Math.round(20e6 + 10e6 * Math.sin(Date.now() / 60000));
    return {
      fsid: '5d2e7a1c-3f4b-4c8e-9a0d-1e2f3a4b5c6d',
      health: {
        status: up === osds ? 'HEALTH_OK' : 'HEALTH_WARN',
        checks:
          up === osds
            ? {}
            : {
                OSD_DOWN: {
                  severity: 'HEALTH_WARN',
                  summary: { message: `${osds - up} osds down`, count: osds - up },
                  muted: false,
                },
              },
        mutes: [],
      },
      election_epoch: 42,
      quorum: c.nodes.map((_, i) => i),
      quorum_names: c.nodes.filter((n) => n.online).map((n) => n.name),
      quorum_age: 86400,
      monmap: { epoch: 3, num_mons: c.nodes.length },
      osdmap: {
        epoch: 311,
        num_osds: osds,
        num_up_osds: up,
        osd_up_since: now() - 86400,
        num_in_osds: osds,
        osd_in_since: now() - 86400,
        num_remapped_pgs: 0,
      },
      pgmap: {
        pgs_by_state: [{ state_name: 'active+clean', count: 129 }],
        num_pgs: 129,
        num_pools: 2,
        num_objects: 412345,
        data_bytes: Math.round(used / 3),
        bytes_used: used,
        bytes_avail: total - used,
        bytes_total: total,
        read_bytes_sec: rate,
        write_bytes_sec: Math.round(rate / 2),
        read_op_per_sec: 350,
        write_op_per_sec: 120,
      },
      fsmap: { epoch: 1, by_rank: [], up: 0 },
      mgrmap: {
        available: true,
        num_standbys: c.nodes.length - 1,
        modules: ['iostat', 'nfs', 'restful'],
        services: {},
      },
      servicemap: { epoch: 5, modified: new Date().toISOString(), services: {} },
      progress_events: {},
    };
  };
  r.add('GET', '/cluster/ceph/status', cephStatus);
  r.add('GET', '/nodes/{node}/ceph/status', cephStatus);
  r.add('GET', '/cluster/ceph/flags', () =>
    [
      'nobackfill',
      'nodeep-scrub',
      'nodown',
      'noin',
      'noout',
      'norebalance',
      'norecover',
      'noscrub',
      'notieragent',
      'noup',
      'pause',
    ].map((name) => ({ name, value: 0, description: `Ceph flag ${name}` })),
  );
  r.add('GET', '/cluster/ceph/metadata', (ctx) => ({
    mon: Object.fromEntries(
      ctx.c.nodes.map((n) => [
        n.name,
        {
          name: n.name,
          hostname: n.name,
          ceph_version: 'ceph version 19.2.3 squid (stable)',
          ceph_version_short: '19.2.3',
          ceph_release: 'squid',
          mem_total_kb: Math.round(n.maxmem / 1024),
          mem_swap_kb: 8388608,
          addrs: `[v2:${n.ip}:3300/0,v1:${n.ip}:6789/0]`,
        },
      ]),
    ),
    mgr: {},
    mds: {},
    osd: [],
    node: Object.fromEntries(
      ctx.c.nodes.map((n) => [
        n.name,
        {
          version: { str: '19.2.3', parts: [19, 2, 3] },
          buildcommit: 'c92aebb279828e9c3c1f5d24613efca272649e62',
        },
      ]),
    ),
  }));
  r.add('GET', '/nodes/{node}/ceph/pool', () =>
    [
      {
        pool: 1,
        pool_name: '.mgr',
        size: 3,
        min_size: 2,
        pg_num: 1,
        pg_autoscale_mode: 'on',
        bytes_used: 2e6,
        percent_used: 0,
        crush_rule: 0,
        crush_rule_name: 'replicated_rule',
        type: 'replicated',
      },
      {
        pool: 2,
        pool_name: 'ceph-pool',
        size: 3,
        min_size: 2,
        pg_num: 128,
        pg_autoscale_mode: 'on',
        bytes_used: Math.round(48 * 1024 ** 4 * 0.31),
        percent_used: 0.31,
        crush_rule: 0,
        crush_rule_name: 'replicated_rule',
        type: 'replicated',
        application_metadata: { rbd: {} },
        autoscale_status: {},
      },
    ].map((x) => ({ ...x, application_metadata: x.application_metadata ?? {} })),
  );
  r.add('GET', '/nodes/{node}/ceph/mon', (ctx) =>
    ctx.c.nodes.map((n) => ({
      name: n.name,
      addr: `${n.ip}:6789/0`,
      rank: n.nodeid - 1,
      quorum: n.online ? 1 : 0,
      state: n.online ? 'running' : 'stopped',
      ceph_version: '19.2.3',
      ceph_version_short: '19.2.3',
      service: 1,
      direxists: 1,
    })),
  );
  r.add('GET', '/nodes/{node}/ceph/osd', (ctx) => ({
    root: {
      leaf: 0,
      children: ctx.c.nodes.map((n) => ({
        id: -(n.nodeid + 1),
        name: n.name,
        type: 'host',
        status: n.online ? 'up' : 'down',
        children: Array.from({ length: 4 }, (_, i) => ({
          id: (n.nodeid - 1) * 4 + i,
          name: `osd.${(n.nodeid - 1) * 4 + i}`,
          type: 'osd',
          host: n.name,
          status: n.online ? 'up' : 'down',
          in: 1,
          crush_weight: 3.49,
          device_class: 'nvme',
          leaf: 1,
          percent_used: 31,
        })),
      })),
    },
    flags: 'sortbitwise,recovery_deletes,purged_snapdirs,pglog_hardlimit',
  }));

  // PCI mappings (GPU passthrough)
  r.add('GET', '/cluster/mapping', () => index(['pci', 'usb', 'dir']));
  r.add('GET', '/cluster/mapping/pci', (ctx) =>
    Object.entries(ctx.c.pciMappings)
      .filter(([id]) =>
        hasPriv(
          ctx.c,
          ctx.auth,
          `/mapping/pci/${id}`,
          ['Mapping.Audit', 'Mapping.Use', 'Mapping.Modify'],
          true,
        ),
      )
      .map(([id, m]) => ({
        id,
        description: m.description ?? '',
        map: m.map,
        ...(ctx.p['check-node'] ? { checks: [] } : {}),
      })),
  );
  r.add('POST', '/cluster/mapping/pci', (ctx) => {
    const id = String(ctx.p.id);
    if (ctx.c.pciMappings[id]) throw new PveError(500, `pci mapping '${id}' already exists`);
    ctx.c.pciMappings[id] = {
      description: ctx.p.description as string | undefined,
      map: splitList(ctx.p.map).length
        ? Array.isArray(ctx.p.map)
          ? ctx.p.map.map(String)
          : [String(ctx.p.map)]
        : [],
      mdev: ctx.p.mdev as 0 | 1 | undefined,
      'live-migration-capable': ctx.p['live-migration-capable'] as 0 | 1 | undefined,
    };
    return null;
  });
  r.add('GET', '/cluster/mapping/pci/{id}', (ctx) => {
    const m = ctx.c.pciMappings[String(ctx.p.id)];
    if (!m) throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    return {
      id: ctx.p.id,
      type: 'pci',
      description: m.description ?? '',
      map: m.map,
      ...(m.mdev !== undefined ? { mdev: m.mdev } : {}),
      digest: '0'.repeat(40),
    };
  });
  r.add('PUT', '/cluster/mapping/pci/{id}', (ctx) => {
    const m = ctx.c.pciMappings[String(ctx.p.id)];
    if (!m) throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    if (ctx.p.description !== undefined) m.description = String(ctx.p.description);
    if (ctx.p.map !== undefined)
      m.map = Array.isArray(ctx.p.map) ? ctx.p.map.map(String) : [String(ctx.p.map)];
    if (ctx.p.mdev !== undefined) m.mdev = ctx.p.mdev as 0 | 1;
    return null;
  });
  r.add('DELETE', '/cluster/mapping/pci/{id}', (ctx) => {
    if (!ctx.c.pciMappings[String(ctx.p.id)])
      throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    delete ctx.c.pciMappings[String(ctx.p.id)];
    return null;
  });
}
