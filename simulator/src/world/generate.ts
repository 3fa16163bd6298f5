import type { ClusterState, Config, Guest, NodeState, StorageDef, Task, Volume } from './types';
import { macFor, makeRng } from './random';
import { guestAgentRunning } from './agent';

export interface GenerateOptions {
  name: string;
  index: number;
  nodes: number;
  guests: number;
  seed: number;
  /**
   * Also the MSP's OPNsense image as a template (OPNSENSE_TEMPLATE, the demo world): outside the
   * guest count and drawn from its own random stream, so the rest of the world is unchanged.
   */
  applianceTemplates?: boolean;
}

const GiB = 1024 ** 3;
const NOW = () => Math.floor(Date.now() / 1000);

export const QEMU_TEMPLATES = [
  { vmid: 9000, name: 'debian-12-cloud', ostype: 'l26', disk: 3, cloudinit: true },
  { vmid: 9001, name: 'ubuntu-24.04-cloud', ostype: 'l26', disk: 4, cloudinit: true },
  { vmid: 9002, name: 'windows-2022', ostype: 'win11', disk: 40, cloudinit: false },
];

/** The OPNsense appliance template the edge firewall deployment clones (issue 21). */
export const OPNSENSE_TEMPLATE = { vmid: 9010, name: 'opnsense-26.1', disk: 20 };

export const LXC_TEMPLATES = [
  'debian-12-standard_12.7-1_amd64.tar.zst',
  'ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
  'alpine-3.20-default_20240908_amd64.tar.xz',
];

const ISOS = [
  ['debian-12.7.0-amd64-netinst.iso', 661651456],
  ['ubuntu-24.04.1-live-server-amd64.iso', 2773874688],
  ['virtio-win-0.1.262.iso', 708446208],
] as const;

const NAMES = [
  'web',
  'db',
  'app',
  'cache',
  'mail',
  'dns',
  'proxy',
  'ci',
  'git',
  'mon',
  'vpn',
  'files',
];

export function qemuConfig(opts: {
  name: string;
  cores: number;
  memory: number;
  disk: string;
  mac: string;
  ostype?: string;
  template?: boolean;
}): Config {
  const cfg: Config = {
    name: opts.name,
    cores: opts.cores,
    sockets: 1,
    memory: opts.memory,
    ostype: opts.ostype ?? 'l26',
    scsihw: 'virtio-scsi-single',
    scsi0: opts.disk,
    net0: `virtio=${opts.mac},bridge=vmbr0,firewall=1`,
    boot: 'order=scsi0;net0',
    agent: '1',
    smbios1: `uuid=${fakeUuid(opts.mac)}`,
    vmgenid: fakeUuid(opts.mac + 'g'),
    meta: `creation-qemu=9.2.0,ctime=${NOW() - 86400 * 30}`,
  };
  if (opts.template) cfg.template = 1;
  return cfg;
}

export function lxcConfig(opts: {
  hostname: string;
  cores: number;
  memory: number;
  rootfs: string;
  mac: string;
  ostype?: string;
}): Config {
  return {
    hostname: opts.hostname,
    arch: 'amd64',
    cores: opts.cores,
    memory: opts.memory,
    swap: 512,
    ostype: opts.ostype ?? 'debian',
    rootfs: opts.rootfs,
    net0: `name=eth0,bridge=vmbr0,hwaddr=${opts.mac},ip=dhcp,type=veth`,
    unprivileged: 1,
    features: 'nesting=1',
  };
}

function fakeUuid(seed: string): string {
  let h = 2166136261;
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) {
    h ^= seed.charCodeAt(i % seed.length) + i;
    h = Math.imul(h, 16777619) >>> 0;
    hex.push((h & 15).toString(16));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** VMIDs 9000–9099 are the template block: regular guests skip it, however many there are. */
export const TEMPLATE_BLOCK = { first: 9000, last: 9099 };

function regularVmid(i: number): number {
  const vmid = 100 + i;
  return vmid < TEMPLATE_BLOCK.first
    ? vmid
    : vmid + (TEMPLATE_BLOCK.last - TEMPLATE_BLOCK.first + 1);
}

export function generateCluster(o: GenerateOptions): ClusterState {
  const rng = makeRng(o.seed * 1000 + o.index);
  const boot = NOW() - 86400 * 12 - Math.floor(rng() * 86400);
  const nodes: NodeState[] = Array.from({ length: o.nodes }, (_, i) => ({
    name: `pve${i + 1}`,
    nodeid: i + 1,
    ip: `10.${o.index}.0.${11 + i}`,
    online: true,
    maxcpu: 32,
    maxmem: 256 * GiB,
    bootedAt: boot + i * 137,
  }));
  const nodeNames = nodes.map((n) => n.name).join(',');
  const storages: StorageDef[] = [
    {
      storage: 'local',
      type: 'dir',
      path: '/var/lib/vz',
      content: 'iso,vztmpl,backup,import',
      shared: 0,
      total: 2048 * GiB,
      'prune-backups': 'keep-all=1',
    },
    {
      storage: 'local-lvm',
      type: 'lvmthin',
      vgname: 'pve',
      thinpool: 'data',
      content: 'images,rootdir',
      shared: 0,
      total: 8192 * GiB,
    },
    {
      storage: 'ceph-pool',
      type: 'rbd',
      pool: 'ceph-pool',
      content: 'images,rootdir',
      shared: 1,
      total: 65536 * GiB,
      nodes: nodeNames,
    },
    {
      storage: 'esxi',
      type: 'esxi',
      server: 'esxi01.sim.local',
      username: 'root',
      content: 'import',
      shared: 1,
      total: 0,
      'skip-cert-verification': 1,
    },
  ];
  const volumes: Volume[] = [];
  const ctime0 = NOW() - 86400 * 90;
  for (const n of nodes) {
    for (const [iso, size] of ISOS)
      volumes.push({
        volid: `local:iso/${iso}`,
        storage: 'local',
        node: n.name,
        content: 'iso',
        format: 'iso',
        size,
        ctime: ctime0,
      });
    for (const t of LXC_TEMPLATES)
      volumes.push({
        volid: `local:vztmpl/${t}`,
        storage: 'local',
        node: n.name,
        content: 'vztmpl',
        format: t.endsWith('.xz') ? 'txz' : 'tzst',
        size: 130_000_000,
        ctime: ctime0,
      });
    volumes.push({
      volid: 'local:import/appliance.ova',
      storage: 'local',
      node: n.name,
      content: 'import',
      format: 'ova',
      size: 1_500_000_000,
      ctime: ctime0,
    });
  }

  const guests = new Map<number, Guest>();
  for (const t of QEMU_TEMPLATES) {
    const cfg = qemuConfig({
      name: t.name,
      cores: 2,
      memory: 2048,
      disk: `ceph-pool:base-${t.vmid}-disk-0,size=${t.disk}G`,
      mac: macFor(rng),
      ostype: t.ostype,
      template: true,
    });
    if (t.cloudinit) cfg.ide2 = `ceph-pool:vm-${t.vmid}-cloudinit,media=cdrom`;
    guests.set(t.vmid, {
      vmid: t.vmid,
      type: 'qemu',
      node: nodes[0].name,
      status: 'stopped',
      config: cfg,
      pending: {},
      pendingDelete: [],
      snapshots: [],
    });
  }
  const regular = Math.max(0, o.guests - QEMU_TEMPLATES.length);
  const startedAtBase = NOW() - 3600 * 24 * 5;
  for (let i = 0; i < regular; i++) {
    const vmid = regularVmid(i);
    const node = nodes[i % nodes.length].name;
    const isLxc = rng() < 0.3;
    const running = rng() < 0.65;
    const base = NAMES[Math.floor(rng() * NAMES.length)];
    const name = `${base}${String(i + 1).padStart(2, '0')}`;
    const cores = [1, 2, 2, 4, 4, 8][Math.floor(rng() * 6)];
    const memory = [512, 1024, 2048, 4096, 8192][Math.floor(rng() * 5)];
    const disk = [8, 16, 32, 64, 128][Math.floor(rng() * 5)];
    const store = rng() < 0.35 ? 'ceph-pool' : 'local-lvm';
    const config = isLxc
      ? lxcConfig({
          hostname: name,
          cores,
          memory,
          rootfs: `${store}:vm-${vmid}-disk-0,size=${disk}G`,
          mac: macFor(rng),
        })
      : qemuConfig({
          name,
          cores,
          memory,
          disk: `${store}:vm-${vmid}-disk-0,iothread=1,size=${disk}G`,
          mac: macFor(rng),
        });
    guests.set(vmid, {
      vmid,
      type: isLxc ? 'lxc' : 'qemu',
      node,
      status: running ? 'running' : 'stopped',
      config,
      pending: {},
      pendingDelete: [],
      snapshots: [],
      startedAt: running ? startedAtBase + Math.floor(rng() * 86400 * 4) : undefined,
      pool: i % 7 === 3 ? 'production' : undefined,
    });
  }
  // size nodes so the generated running guests fit with headroom
  for (const n of nodes) {
    let used = 0;
    for (const g of guests.values())
      if (g.node === n.name && g.status === 'running')
        used += Number(g.config.memory ?? 512) * 1024 * 1024;
    const need = Math.ceil((used * 1.3 + 16 * GiB) / (64 * GiB)) * 64 * GiB;
    n.maxmem = Math.max(n.maxmem, need);
  }
  // one existing backup so restore and retention have something to show from the start
  const firstVm = [...guests.values()].find((g) => !g.config.template);
  if (firstVm) {
    const ts = new Date((NOW() - 86400) * 1000);
    volumes.push(backupVolume('local', nodes[0].name, firstVm, ts, 'zst', 'Daily backup'));
  }

  const tasks = taskHistory(
    nodes.map((n) => n.name),
    [...guests.values()],
    rng,
  );
  if (o.applianceTemplates) {
    const t = OPNSENSE_TEMPLATE;
    guests.set(t.vmid, {
      vmid: t.vmid,
      type: 'qemu',
      node: nodes[0].name,
      status: 'stopped',
      config: qemuConfig({
        name: t.name,
        cores: 2,
        memory: 4096,
        disk: `ceph-pool:base-${t.vmid}-disk-0,size=${t.disk}G`,
        mac: macFor(makeRng(o.seed * 7919 + t.vmid)),
        ostype: 'other',
        template: true,
      }),
      pending: {},
      pendingDelete: [],
      snapshots: [],
    });
  }

  return {
    name: o.name,
    nodes,
    storages,
    volumes,
    guests,
    tasks,
    pools: { production: { comment: 'Production guests', storage: [] } },
    users: {
      'root@pam': {
        userid: 'root@pam',
        enable: 1,
        expire: 0,
        firstname: 'Super',
        lastname: 'User',
        email: 'root@sim.local',
        groups: [],
        tokens: {},
      },
    },
    groups: { admins: { comment: 'Administrators' } },
    roles: {},
    acls: [],
    backupJobs: {
      'backup-daily': {
        id: 'backup-daily',
        type: 'vzdump',
        schedule: '02:30',
        enabled: 1,
        storage: 'local',
        all: 1,
        mode: 'snapshot',
        compress: 'zstd',
        'prune-backups': 'keep-daily=7,keep-last=3',
        comment: 'Nightly backup of all guests',
      },
    },
    sdn: {
      zones: { simple1: { zone: 'simple1', type: 'simple', ipam: 'pve', dhcp: 'dnsmasq' } },
      vnets: { vnet1: { vnet: 'vnet1', zone: 'simple1', type: 'vnet', alias: 'tenant network' } },
      subnets: {
        'simple1-10.10.0.0-24': {
          subnet: 'simple1-10.10.0.0-24',
          cidr: '10.10.0.0/24',
          network: '10.10.0.0',
          mask: '24',
          vnet: 'vnet1',
          zone: 'simple1',
          type: 'subnet',
          gateway: '10.10.0.1',
          snat: 1,
        },
      },
    },
    pciMappings: {
      'gpu-a100': {
        description: 'NVIDIA A100',
        map: nodes.map((n) => `id=10de:20b5,iommugroup=40,node=${n.name},path=0000:41:00.0`),
      },
    },
    esxiGuests: [
      {
        path: 'ha-datacenter/datastore1/web-legacy/web-legacy.vmx',
        name: 'web-legacy',
        cores: 2,
        memory: 4096,
        disks: [40],
        ostype: 'l26',
      },
      {
        path: 'ha-datacenter/datastore1/sql-2019/sql-2019.vmx',
        name: 'sql-2019',
        cores: 4,
        memory: 16384,
        disks: [100, 200],
        ostype: 'win10',
      },
      {
        path: 'ha-datacenter/datastore2/ubuntu-app/ubuntu-app.vmx',
        name: 'ubuntu-app',
        cores: 2,
        memory: 2048,
        disks: [32],
        ostype: 'l26',
      },
    ],
    nextPid: 100000 + Math.floor(rng() * 100000),
  };
}

/**
 * A backup archive as vzdump writes it. On a directory-like storage: a file
 * `backup/vzdump-<type>-<vmid>-<stamp>.<vma|tar>[.<compression>]`. On a Proxmox Backup Server
 * storage (`pbs`): a snapshot `backup/<vm|ct>/<vmid>/<ISO time>Z` of format `pbs-vm` / `pbs-ct`
 * (PBS chunks and compresses itself, so vzdump's `compress` does not name it).
 */
export function backupVolume(
  storage: string,
  node: string,
  g: Guest,
  when: Date,
  compress: string,
  notes?: string,
  storageType?: string,
): Volume {
  if (storageType === 'pbs') {
    const kind = g.type === 'qemu' ? 'vm' : 'ct';
    return {
      ...backupVolume(storage, node, g, when, '0', notes),
      volid: `${storage}:backup/${kind}/${g.vmid}/${when.toISOString().slice(0, 19)}Z`,
      format: `pbs-${kind}`,
    };
  }
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${when.getUTCFullYear()}_${p(when.getUTCMonth() + 1)}_${p(when.getUTCDate())}-${p(when.getUTCHours())}_${p(when.getUTCMinutes())}_${p(when.getUTCSeconds())}`;
  const ext = g.type === 'qemu' ? 'vma' : 'tar';
  const c =
    compress === '0'
      ? ''
      : `.${compress === '1' || compress === 'lzo' ? 'lzo' : compress === 'gzip' ? 'gz' : 'zst'}`;
  const format = `${ext}${c}`;
  return {
    volid: `${storage}:backup/vzdump-${g.type}-${g.vmid}-${stamp}.${format}`,
    storage,
    node,
    content: 'backup',
    format,
    size: 200_000_000 + (g.vmid % 97) * 3_000_000,
    ctime: Math.floor(when.getTime() / 1000),
    vmid: g.vmid,
    notes,
    protected: 0,
    subtype: g.type,
    guestConfig: { ...g.config },
    ...(g.type === 'qemu' ? { guestAgent: guestAgentRunning(g) } : {}),
  };
}

/** A night of history so dashboards have something to show: backups (one failed) and a few power actions. */
function taskHistory(nodes: string[], guests: Guest[], rng: () => number): Task[] {
  const hex = (n: number, w = 8) => n.toString(16).toUpperCase().padStart(w, '0');
  const out: Task[] = [];
  const night = Math.floor(Date.now() / 1000 / 86400) * 86400 - 86400 + 2 * 3600 + 30 * 60;
  let pid = 40000;
  const add = (
    node: string,
    type: string,
    id: string,
    start: number,
    secs: number,
    exitstatus: string,
    log: string[],
  ) => {
    const p = pid++;
    const pstart = 1000000 + p;
    out.push({
      upid: `UPID:${node}:${hex(p)}:${hex(pstart)}:${hex(start)}:${type}:${id}:root@pam:`,
      node,
      pid: p,
      pstart,
      starttime: start,
      type,
      id,
      user: 'root@pam',
      status: 'stopped',
      exitstatus,
      endtime: start + secs,
      log: [...log, exitstatus === 'OK' ? 'TASK OK' : `TASK ERROR: ${exitstatus}`],
    });
  };
  const regular = guests.filter((g) => !g.config.template);
  nodes.forEach((node, i) => {
    const local = regular.filter((g) => g.node === node).slice(0, 5);
    const failed = i === nodes.length - 1 && local.length ? local[local.length - 1] : undefined;
    add(
      node,
      'vzdump',
      '',
      night + i * 60,
      300 + Math.floor(rng() * 600),
      failed ? 'job errors' : 'OK',
      [
        'INFO: starting new backup job: vzdump --all 1 --storage local --mode snapshot --compress zstd',
        ...local.map((g) =>
          g === failed
            ? `ERROR: Backup of VM ${g.vmid} failed - unable to create temporary directory '/mnt/pve/backup/dump': No space left on device`
            : `INFO: Finished Backup of VM ${g.vmid} (00:01:${String(10 + (g.vmid % 50)).padStart(2, '0')})`,
        ),
      ],
    );
  });
  for (const g of regular.filter((x) => x.status === 'running').slice(0, 4)) {
    const start = (g.startedAt ?? night) - 5;
    add(g.node, g.type === 'qemu' ? 'qmstart' : 'vzstart', String(g.vmid), start, 2, 'OK', [
      `starting ${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}`,
    ]);
  }
  return out.sort((a, b) => a.starttime - b.starttime);
}
