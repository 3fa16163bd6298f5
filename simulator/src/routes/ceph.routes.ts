import type { RouteCtx, Router } from '../router';
import type { ClusterState, NodeState } from '../world/types';
import { index, now } from './helpers';

// Ceph as pveceph sets it up on every node: monitors, managers, metadata servers for one CephFS, four
// NVMe OSDs per node, an RBD pool and the CephFS pools.

const FSID = '5d2e7a1c-3f4b-4c8e-9a0d-1e2f3a4b5c6d';
const TiB = 1024 ** 4;
const RAW = 48 * TiB;

const POOLS: Array<Record<string, unknown>> = [
  pool(1, '.mgr', 1, 2e6, { mgr: {} }),
  pool(2, 'ceph-pool', 128, Math.round(RAW * 0.31), { rbd: {} }),
  pool(3, 'cephfs_data', 32, Math.round(RAW * 0.02), { cephfs: { data: 'cephfs' } }),
  pool(4, 'cephfs_metadata', 16, 3.2e8, { cephfs: { metadata: 'cephfs' } }),
];

function pool(
  id: number,
  name: string,
  pgs: number,
  used: number,
  app: Record<string, unknown>,
): Record<string, unknown> {
  return {
    pool: id,
    pool_name: name,
    size: 3,
    min_size: 2,
    pg_num: pgs,
    pg_autoscale_mode: 'on',
    bytes_used: used,
    percent_used: Number((used / RAW).toFixed(4)),
    crush_rule: 0,
    crush_rule_name: 'replicated_rule',
    type: 'replicated',
    application_metadata: app,
    autoscale_status: {},
  };
}

const PG_COUNT = POOLS.reduce((sum, x) => sum + Number(x.pg_num), 0);

/** The active MDS runs on the first online node; the others stand by. */
function activeMds(c: ClusterState): NodeState {
  return c.nodes.find((n) => n.online) ?? c.nodes[0];
}

/** /etc/pve/ceph.conf as pveceph init and createmon/createmds write it. */
function cephConf(c: ClusterState): string {
  const net = c.nodes[0].ip.replace(/\.\d+$/, '.0/24');
  const lines = [
    '[global]',
    '\tauth_client_required = cephx',
    '\tauth_cluster_required = cephx',
    '\tauth_service_required = cephx',
    `\tcluster_network = ${net}`,
    `\tfsid = ${FSID}`,
    '\tmon_allow_pool_delete = true',
    `\tmon_host = ${c.nodes.map((n) => n.ip).join(' ')}`,
    '\tms_bind_ipv4 = true',
    '\tms_bind_ipv6 = false',
    '\tosd_pool_default_min_size = 2',
    '\tosd_pool_default_size = 3',
    `\tpublic_network = ${net}`,
    '',
    '[client]',
    '\tkeyring = /etc/pve/priv/$cluster.$name.keyring',
    '',
    '[client.crash]',
    '\tkeyring = /etc/pve/ceph/$cluster.$name.keyring',
    '',
    '[mds]',
    '\tkeyring = /var/lib/ceph/mds/ceph-$id/keyring',
    '',
  ];
  for (const n of c.nodes)
    lines.push(`[mds.${n.name}]`, `\thost = ${n.name}`, '\tmds_standby_for_name = pve', '');
  for (const n of c.nodes) lines.push(`[mon.${n.name}]`, `\tpublic_addr = ${n.ip}`, '');
  return lines.join('\n');
}

/** The configuration database (`ceph config dump`) of a pveceph cluster. */
const CONFIG_DB = [
  ['global', 'auth_allow_insecure_global_id_reclaim', 'false', 'advanced', false],
  ['mon', 'mon_warn_on_pool_no_redundancy', 'true', 'advanced', true],
  ['mgr', 'mgr/pg_autoscaler/autoscale_profile', 'scale-up', 'advanced', true],
  ['osd', 'osd_memory_target', '4294967296', 'basic', true],
  ['osd', 'osd_memory_target_autotune', 'true', 'advanced', true],
  ['osd.0', 'osd_mclock_max_capacity_iops_ssd', '48213.562071', 'basic', true],
] as const;

export function registerCephRoutes(r: Router): void {
  r.add('GET', '/cluster/ceph', () => index(['metadata', 'status', 'flags']));
  const cephStatus = (ctx: RouteCtx) => {
    const { c } = ctx;
    const osds = c.nodes.length * 4;
    const up = c.nodes.filter((n) => n.online).length * 4;
    const total = RAW;
    const used = POOLS.reduce((sum, x) => sum + Number(x.bytes_used), 0);
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
        pgs_by_state: [{ state_name: 'active+clean', count: PG_COUNT }],
        num_pgs: PG_COUNT,
        num_pools: POOLS.length,
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
      fsmap: {
        epoch: 12,
        id: 1,
        up: 1,
        in: 1,
        max: 1,
        by_rank: [
          {
            filesystem_id: 1,
            rank: 0,
            name: activeMds(c).name,
            status: 'up:active',
            gid: 24571,
          },
        ],
        'up:standby': c.nodes.filter((n) => n.online).length - 1,
      },
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
    POOLS.map((x) => ({ ...x, application_metadata: x.application_metadata ?? {} })),
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

  // node-level views (pveceph): index, CephFS, MDS, MGR, CRUSH rules, ceph.conf, config db, cluster log
  r.add('GET', '/nodes/{node}/ceph', () =>
    index(
      [
        'cfg',
        'cmd-safety',
        'crush',
        'disks',
        'fs',
        'init',
        'log',
        'mds',
        'mgr',
        'mon',
        'osd',
        'pool',
        'restart',
        'rules',
        'start',
        'status',
        'stop',
      ],
      'name',
    ),
  );
  r.add('GET', '/nodes/{node}/ceph/fs', () => [
    { name: 'cephfs', metadata_pool: 'cephfs_metadata', data_pool: 'cephfs_data' },
  ]);
  r.add('GET', '/nodes/{node}/ceph/mds', (ctx) => {
    const active = activeMds(ctx.c);
    return ctx.c.nodes.map((n) => ({
      name: n.name,
      host: n.name,
      addr: `${n.ip}:6801/${2_000_000_000 + n.nodeid * 7919}`,
      state: !n.online ? 'stopped' : n === active ? 'up:active' : 'up:standby',
      ...(n === active ? { rank: 0 } : {}),
      standby_replay: 0,
    }));
  });
  r.add('GET', '/nodes/{node}/ceph/mgr', (ctx) => {
    const active = activeMds(ctx.c);
    return ctx.c.nodes.map((n) => ({
      name: n.name,
      host: n.name,
      addr: `${n.ip}:0/${1_000_000 + n.nodeid * 104729}`,
      state: !n.online ? 'stopped' : n === active ? 'active' : 'standby',
    }));
  });
  r.add('GET', '/nodes/{node}/ceph/rules', () => [{ name: 'replicated_rule' }]);
  r.add('GET', '/nodes/{node}/ceph/cfg', () => index(['raw', 'db', 'value'], 'name'));
  r.add('GET', '/nodes/{node}/ceph/cfg/raw', (ctx) => cephConf(ctx.c));
  r.add('GET', '/nodes/{node}/ceph/cfg/db', () =>
    CONFIG_DB.map(([section, name, value, level, runtime]) => ({
      section,
      name,
      value,
      level,
      can_update_at_runtime: runtime ? 1 : 0,
      mask: '',
    })),
  );
  r.add('GET', '/nodes/{node}/ceph/cfg/value', (ctx) => {
    // config-keys: "section:key;section:key"; the file wins, then the database
    const file = parseConf(cephConf(ctx.c));
    const out: Record<string, Record<string, string>> = {};
    for (const pair of String(ctx.p['config-keys'])
      .split(/[;,\s]+/)
      .filter(Boolean)) {
      const [section, key] = pair.split(':');
      const value =
        file[section]?.[key] ?? CONFIG_DB.find((x) => x[0] === section && x[1] === key)?.[2];
      if (value !== undefined) (out[section] ??= {})[key] = value;
    }
    return out;
  });
  r.add('GET', '/nodes/{node}/ceph/log', (ctx) => {
    const start = Number(ctx.p.start ?? 0);
    const limit = Number(ctx.p.limit ?? 50);
    const t0 = now() - 50 * 60;
    const lines = Array.from({ length: 50 }, (_, i) => {
      const ts = new Date((t0 + i * 60) * 1000).toISOString().replace('Z', '000+0000');
      return i % 10 === 9
        ? `${ts} mon.${ctx.c.nodes[0].name} (mon.0) ${3100 + i} : cluster [INF] overall HEALTH_OK`
        : `${ts} mgr.${activeMds(ctx.c).name} (mgr.24571) ${5200 + i} : cluster [DBG] pgmap v${88000 + i}: ${PG_COUNT} pgs: ${PG_COUNT} active+clean; 4.9 TiB data, 14.9 TiB used, 33.1 TiB / 48 TiB avail`;
    });
    return lines.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t }));
  });
}

function parseConf(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const h = /^\[(.+)\]$/.exec(line.trim());
    if (h) section = h[1];
    const kv = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!h && kv && section) (out[section] ??= {})[kv[1]] = kv[2];
  }
  return out;
}
