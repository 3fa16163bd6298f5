import type {
  CloudInitInput,
  CreateVmInput,
  VmConfigView,
  VmDisk,
  VmKind,
  VmNet,
} from '@multpanel/contracts';
import { bootOrderOf, cdromsOf } from './vms-devices';

// Pure translation between the platform's inputs and Proxmox guest config keys (PVE 9.1 schema).

type Params = Record<string, string | number | boolean | undefined>;
const GIB = 1024 ** 3;

export const QEMU_DISK_RE = /^(scsi|virtio|sata|ide)\d+$/;
export const LXC_DISK_RE = /^(rootfs|mp\d+)$/;

export function netValue(
  kind: VmKind,
  i: number,
  n: { bridge: string; vlan?: number; model?: string },
  ip?: { ip: string; gw?: string; ip6?: string; gw6?: string },
): string {
  if (kind === 'qemu') {
    return [`${n.model ?? 'virtio'}`, `bridge=${n.bridge}`, n.vlan ? `tag=${n.vlan}` : null]
      .filter(Boolean)
      .join(',');
  }
  return [
    `name=eth${i}`,
    `bridge=${n.bridge}`,
    `ip=${ip?.ip ?? 'dhcp'}`,
    ip?.gw ? `gw=${ip.gw}` : null,
    ip?.ip6 ? `ip6=${ip.ip6}` : null,
    ip?.gw6 ? `gw6=${ip.gw6}` : null,
    n.vlan ? `tag=${n.vlan}` : null,
    'type=veth',
  ]
    .filter(Boolean)
    .join(',');
}

/** Proxmox's `urlencoded` format: encodeURIComponent, with spaces as %20. */
export const pveUrlEncode = (s: string) => encodeURIComponent(s);

export function cloudInitParams(kind: VmKind, ci: CloudInitInput | undefined): Params {
  if (!ci) return {};
  const p: Params = {};
  if (kind === 'qemu') {
    if (ci.user) p.ciuser = ci.user;
    if (ci.password) p.cipassword = ci.password;
    if (ci.sshKeys?.length) p.sshkeys = pveUrlEncode(ci.sshKeys.join('\n'));
    ci.ipConfig?.forEach((c, i) => {
      p[`ipconfig${i}`] = [
        `ip=${c.ip}`,
        c.gw ? `gw=${c.gw}` : null,
        c.ip6 ? `ip6=${c.ip6}` : null,
        c.gw6 ? `gw6=${c.gw6}` : null,
      ]
        .filter(Boolean)
        .join(',');
    });
  } else {
    if (ci.password) p.password = ci.password;
    if (ci.sshKeys?.length) p['ssh-public-keys'] = ci.sshKeys.join('\n');
  }
  if (ci.dns?.servers?.length) p.nameserver = ci.dns.servers.join(' ');
  if (ci.dns?.searchDomain) p.searchdomain = ci.dns.searchDomain;
  return p;
}

export const tagsValue = (tags?: string[]) => (tags?.length ? tags.join(';') : undefined);

/** Settings a "Windows + GPU (Parsec-ready)" VM needs around its passed-through GPU. */
export function gpuParams(mapping: string): Params {
  return {
    hostpci0: `mapping=${mapping},pcie=1,x-vga=1`,
    machine: 'q35',
    bios: 'ovmf',
    cpu: 'host',
    ostype: 'win11',
    vga: 'none',
    agent: '1',
  };
}

/** POST /nodes/{node}/qemu (ISO install) or /nodes/{node}/lxc (container template). */
export function createParams(input: CreateVmInput, vmid: number, storages: string[]): Params {
  const base: Params = {
    vmid,
    cores: input.cores,
    tags: tagsValue(input.tags),
    description: input.description,
    start: input.start ? true : undefined,
  };
  if (input.kind === 'qemu') {
    const p: Params = {
      ...base,
      name: input.name,
      memory: String(input.memoryMb),
      scsihw: 'virtio-scsi-single',
      ostype: 'l26',
      ...cloudInitParams('qemu', input.cloudInit),
    };
    input.disks.forEach((d, i) => {
      p[`scsi${i}`] = `${d.storage ?? storages[i]}:${d.sizeGb},iothread=1`;
    });
    if (input.source.type === 'iso') p.ide2 = `${input.source.isoVolid},media=cdrom`;
    input.networks.forEach((n, i) => (p[`net${i}`] = netValue('qemu', i, n)));
    if (input.gpuMapping) Object.assign(p, gpuParams(input.gpuMapping));
    return p;
  }
  const p: Params = {
    ...base,
    hostname: input.name,
    memory: input.memoryMb,
    ostemplate: input.source.type === 'ostemplate' ? input.source.volid : undefined,
    unprivileged: true,
    ...cloudInitParams('lxc', input.cloudInit),
  };
  input.disks.forEach((d, i) => {
    const vol = `${d.storage ?? storages[i]}:${d.sizeGb}`;
    if (i === 0) p.rootfs = vol;
    else p[`mp${i - 1}`] = `${vol},mp=/mnt/data${i}`;
  });
  input.networks.forEach(
    (n, i) => (p[`net${i}`] = netValue('lxc', i, n, input.cloudInit?.ipConfig?.[i])),
  );
  return p;
}

/** Config applied after cloning a template (PUT /config). */
export function afterCloneConfig(input: CreateVmInput): Params {
  const p: Params = {
    cores: input.cores,
    memory: input.kind === 'qemu' ? String(input.memoryMb) : input.memoryMb,
    tags: tagsValue(input.tags),
    description: input.description,
    ...cloudInitParams(input.kind, input.cloudInit),
  };
  // Containers take SSH keys / password only at creation time.
  delete p['ssh-public-keys'];
  delete p.password;
  input.networks.forEach(
    (n, i) => (p[`net${i}`] = netValue(input.kind, i, n, input.cloudInit?.ipConfig?.[i])),
  );
  if (input.kind === 'qemu' && input.gpuMapping) Object.assign(p, gpuParams(input.gpuMapping));
  return p;
}

export function sizeToGb(size: string | undefined): number | null {
  if (!size) return null;
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/i.exec(size.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toUpperCase();
  const gb =
    unit === 'T'
      ? n * 1024
      : unit === 'G'
        ? n
        : unit === 'M'
          ? n / 1024
          : unit === 'K'
            ? n / 1024 ** 2
            : n / GIB;
  return Math.round(gb * 100) / 100;
}

function keyValues(raw: string): { first: string; kv: Record<string, string> } {
  const parts = raw.split(',');
  const kv: Record<string, string> = {};
  let first = '';
  parts.forEach((part, i) => {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (i === 0) first = part;
      return;
    }
    kv[part.slice(0, eq)] = part.slice(eq + 1);
    if (i === 0) first = part;
  });
  return { first, kv };
}

export function disksOf(kind: VmKind, cfg: Record<string, unknown>): VmDisk[] {
  const re = kind === 'qemu' ? QEMU_DISK_RE : LXC_DISK_RE;
  return Object.keys(cfg)
    .filter((k) => re.test(k) && !/media=cdrom/.test(String(cfg[k])))
    .sort()
    .map((key) => {
      const raw = String(cfg[key]);
      const { first, kv } = keyValues(raw);
      const vol = first.includes('=') ? (kv.file ?? kv.volume ?? '') : first;
      return {
        key,
        storage: vol.includes(':') ? vol.split(':')[0] : null,
        sizeGb: sizeToGb(kv.size),
        raw,
      };
    });
}

export function netsOf(kind: VmKind, cfg: Record<string, unknown>): VmNet[] {
  return Object.keys(cfg)
    .filter((k) => /^net\d+$/.test(k))
    .sort()
    .map((key) => {
      const raw = String(cfg[key]);
      const { first, kv } = keyValues(raw);
      let model: string | null = null;
      let mac: string | null = kv.hwaddr ?? kv.macaddr ?? null;
      if (kind === 'qemu') {
        const [m, addr] = first.split('=');
        model = m || null;
        mac = addr ?? mac;
      }
      return {
        key,
        model,
        bridge: kv.bridge ?? null,
        vlan: kv.tag ? Number(kv.tag) : null,
        mac,
        raw,
      };
    });
}

const CI_KEYS = /^(ciuser|citype|nameserver|searchdomain|ipconfig\d+|sshkeys)$/;

export function configView(kind: VmKind, cfg: Record<string, unknown>): VmConfigView {
  const mem =
    cfg.memory === undefined ? null : parseInt(String(cfg.memory).replace(/^current=/, ''), 10);
  const cloudInit: Record<string, string> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (!CI_KEYS.test(k)) continue;
    cloudInit[k] = k === 'sshkeys' ? decodeURIComponent(String(v)) : String(v);
  }
  return {
    cores: cfg.cores === undefined ? null : Number(cfg.cores),
    sockets: cfg.sockets === undefined ? null : Number(cfg.sockets),
    memoryMb: Number.isFinite(mem) ? mem : null,
    onboot: String(cfg.onboot ?? '0') === '1',
    description: cfg.description === undefined ? null : String(cfg.description),
    disks: disksOf(kind, cfg),
    networks: netsOf(kind, cfg),
    cloudInit,
    hasPassword: cfg.cipassword !== undefined || cfg.password !== undefined,
    osType: cfg.ostype === undefined ? null : String(cfg.ostype),
    cdroms: cdromsOf(kind, cfg),
    bootOrder: bootOrderOf(kind, cfg),
  };
}

/** An IPAM address allocated for NIC `nic` (what the IPAM module hands back). */
export interface NicAddress {
  nic: number;
  /** 4 or 6: an IPv6 address goes to ip6=/gw6=. */
  family: number;
  address: string;
  prefixLength: number;
  gateway: string | null;
  vlan: number | null;
  /** The range's SDN VNet: the NIC's bridge, with no tag (the VNet carries it). */
  bridge?: string | null;
  dnsServers: string[];
  searchDomain: string | null;
}

/**
 * The create input with IPAM addresses written in: each NIC's `ipConfig[n]` (cloud-init
 * `ipconfigN` for QEMU, `net[n]` ip=/gw= for LXC), the range's VLAN as the NIC's tag, and its DNS
 * servers and search domain unless the input names its own. NICs without an address keep theirs
 * (or DHCP).
 */
export function withNicAddresses(input: CreateVmInput, nics: NicAddress[]): CreateVmInput {
  if (nics.length === 0) return input;
  const byNic = new Map(nics.map((a) => [a.nic, a]));
  const ci = input.cloudInit ?? {};
  const count = Math.max(ci.ipConfig?.length ?? 0, ...nics.map((a) => a.nic + 1));
  const ipConfig = Array.from({ length: count }, (_, i) => {
    const a = byNic.get(i);
    const given = ci.ipConfig?.[i];
    if (!a) return given ?? { ip: 'dhcp' as const };
    if (a.family === 6) {
      // An IPv6 range: ip6=/gw6=; the IPv4 side stays as given (or DHCP).
      return {
        ip: given?.ip ?? ('dhcp' as const),
        ...(given?.gw ? { gw: given.gw } : {}),
        ip6: `${a.address}/${a.prefixLength}`,
        ...(a.gateway ? { gw6: a.gateway } : {}),
      };
    }
    return {
      ip: `${a.address}/${a.prefixLength}`,
      ...(a.gateway ? { gw: a.gateway } : {}),
      ...(given?.ip6 ? { ip6: given.ip6 } : {}),
      ...(given?.gw6 ? { gw6: given.gw6 } : {}),
    };
  });
  const first = nics[0];
  const dns = ci.dns ?? {
    ...(first.dnsServers.length ? { servers: first.dnsServers.slice(0, 3) } : {}),
    ...(first.searchDomain ? { searchDomain: first.searchDomain } : {}),
  };
  return {
    ...input,
    networks: input.networks.map((n, i) => {
      const a = byNic.get(i);
      if (a?.bridge) {
        const { vlan: _untagged, ...rest } = n;
        return { ...rest, bridge: a.bridge };
      }
      return a?.vlan ? { ...n, vlan: a.vlan } : n;
    }),
    cloudInit: { ...ci, ipConfig, ...(Object.keys(dns).length ? { dns } : {}) },
  };
}

/** A container NIC's addressing as its `netN` value carries it (ip=, gw=, ip6=, gw6=). */
export interface LxcNetIp {
  ip: string;
  gw?: string;
  ip6?: string;
  gw6?: string;
}

/**
 * The ip=/gw=/ip6=/gw6= of a container's `netN` value, so a NIC edit keeps them (rebuilding the
 * value without them would turn a static or IPAM address into DHCP). undefined without ip=.
 */
export function lxcNetIp(raw: string | undefined): LxcNetIp | undefined {
  if (!raw) return undefined;
  const { kv } = keyValues(raw);
  if (!kv.ip && !kv.ip6) return undefined;
  return {
    ip: kv.ip ?? 'dhcp',
    ...(kv.gw ? { gw: kv.gw } : {}),
    ...(kv.ip6 ? { ip6: kv.ip6 } : {}),
    ...(kv.gw6 ? { gw6: kv.gw6 } : {}),
  };
}

/** `raw` (a `key=value,...` option string) with `set` applied: null removes, new keys go last. */
export function withOptions(raw: string, set: Record<string, string | null>): string {
  const parts = raw.split(',').filter((p) => p !== '');
  const out: string[] = [];
  const done = new Set<string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? null : part.slice(0, eq);
    if (key !== null && key in set) {
      done.add(key);
      if (set[key] !== null) out.push(`${key}=${set[key]}`);
    } else out.push(part);
  }
  for (const [key, value] of Object.entries(set))
    if (!done.has(key) && value !== null) out.push(`${key}=${value}`);
  return out.join(',');
}

/**
 * Proxmox parameters that give NIC `a.nic` of a guest the IPAM address `a`: QEMU cloud-init
 * `ipconfigN` (the other IP family kept as it was), LXC `netN` ip=/gw= (or ip6=/gw6=); and the
 * range's VLAN as the NIC's `tag=` when the range has one (otherwise the tag is left alone).
 * `cfg` is the guest's current config; undefined when it has no `netN`.
 */
export function nicAddressParams(
  kind: VmKind,
  cfg: Record<string, unknown>,
  a: NicAddress,
): Params | undefined {
  const key = `net${a.nic}`;
  if (cfg[key] === undefined) return undefined;
  const cidr = `${a.address}/${a.prefixLength}`;
  const addr: Record<string, string | null> =
    a.family === 6 ? { ip6: cidr, gw6: a.gateway } : { ip: cidr, gw: a.gateway };
  // An SDN-bound range: the VNet is the bridge and the NIC has no tag of its own.
  const tag: Record<string, string | null> = a.bridge
    ? { bridge: a.bridge, tag: null }
    : a.vlan
      ? { tag: String(a.vlan) }
      : {};
  if (kind === 'qemu') {
    const current = cfg[`ipconfig${a.nic}`];
    const p: Params = {
      [`ipconfig${a.nic}`]: withOptions(
        current === undefined ? (a.family === 6 ? 'ip=dhcp' : '') : String(current),
        addr,
      ),
    };
    if (a.vlan || a.bridge) p[key] = withOptions(String(cfg[key]), tag);
    return p;
  }
  return { [key]: withOptions(String(cfg[key]), { ...addr, ...tag }) };
}
