import { parseTags, toBool, toInt, toNumber, toStr } from './lenient';

export type GuestKind = 'qemu' | 'lxc';
export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';
export type RrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface PveVersion {
  version: string;
  release: string;
  repoid: string;
}

export interface ClusterStatusEntry {
  type: 'cluster' | 'node';
  name: string;
  id?: string;
  /** cluster entry */
  quorate?: boolean;
  nodes?: number;
  version?: number;
  /** node entry */
  nodeid?: number;
  ip?: string;
  online?: boolean;
  local?: boolean;
  level?: string;
}

export interface ClusterResource {
  id: string;
  type: string;
  node?: string;
  status?: string;
  name?: string;
  pool?: string;
  vmid?: number;
  template: boolean;
  tags: string[];
  lock?: string;
  hastate?: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  storage?: string;
  plugintype?: string;
  content?: string;
  shared?: boolean;
  level?: string;
}

export interface NodeListEntry {
  node: string;
  status: 'online' | 'offline' | 'unknown';
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  level?: string;
  sslFingerprint?: string;
}

export interface GuestListEntry {
  vmid: number;
  status: string;
  name?: string;
  cpu?: number;
  cpus?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  lock?: string;
  tags: string[];
  template: boolean;
  qmpstatus?: string;
}

export interface StorageEntry {
  storage: string;
  type: string;
  content: string[];
  active?: boolean;
  enabled?: boolean;
  shared?: boolean;
  total?: number;
  used?: number;
  avail?: number;
}

export interface StorageContentEntry {
  volid: string;
  format: string;
  size: number;
  content?: string;
  subtype?: string;
  ctime?: number;
  vmid?: number;
  notes?: string;
  protected?: boolean;
  used?: number;
}

export interface TaskStatus {
  upid: string;
  node: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  type: string;
  id?: string;
  user: string;
  starttime?: number;
}

export interface ConsoleTicket {
  user: string;
  ticket: string;
  port: number;
  upid: string;
  cert?: string;
  password?: string;
}

type Raw = Record<string, unknown>;

export function normalizeResource(r: Raw): ClusterResource {
  return {
    id: toStr(r.id) ?? '',
    type: toStr(r.type) ?? '',
    node: toStr(r.node),
    status: toStr(r.status),
    name: toStr(r.name),
    pool: toStr(r.pool),
    vmid: toInt(r.vmid),
    template: toBool(r.template) ?? false,
    tags: parseTags(r.tags),
    lock: toStr(r.lock),
    hastate: toStr(r.hastate),
    cpu: toNumber(r.cpu),
    maxcpu: toNumber(r.maxcpu),
    mem: toNumber(r.mem),
    maxmem: toNumber(r.maxmem),
    disk: toNumber(r.disk),
    maxdisk: toNumber(r.maxdisk),
    uptime: toInt(r.uptime),
    netin: toNumber(r.netin),
    netout: toNumber(r.netout),
    diskread: toNumber(r.diskread),
    diskwrite: toNumber(r.diskwrite),
    storage: toStr(r.storage),
    plugintype: toStr(r.plugintype),
    content: toStr(r.content),
    shared: toBool(r.shared),
    level: toStr(r.level),
  };
}

export function normalizeClusterStatus(r: Raw): ClusterStatusEntry {
  return {
    type: toStr(r.type) === 'cluster' ? 'cluster' : 'node',
    name: toStr(r.name) ?? '',
    id: toStr(r.id),
    quorate: toBool(r.quorate),
    nodes: toInt(r.nodes),
    version: toInt(r.version),
    nodeid: toInt(r.nodeid),
    ip: toStr(r.ip),
    online: toBool(r.online),
    local: toBool(r.local),
    level: toStr(r.level),
  };
}

export function normalizeNode(r: Raw): NodeListEntry {
  const status = toStr(r.status);
  return {
    node: toStr(r.node) ?? '',
    status: status === 'online' || status === 'offline' ? status : 'unknown',
    cpu: toNumber(r.cpu),
    maxcpu: toInt(r.maxcpu),
    mem: toNumber(r.mem),
    maxmem: toNumber(r.maxmem),
    disk: toNumber(r.disk),
    maxdisk: toNumber(r.maxdisk),
    uptime: toInt(r.uptime),
    level: toStr(r.level),
    sslFingerprint: toStr(r.ssl_fingerprint),
  };
}

export function normalizeGuest(r: Raw): GuestListEntry {
  return {
    vmid: toInt(r.vmid) ?? 0,
    status: toStr(r.status) ?? 'unknown',
    name: toStr(r.name),
    cpu: toNumber(r.cpu),
    cpus: toNumber(r.cpus),
    mem: toNumber(r.mem),
    maxmem: toNumber(r.maxmem),
    disk: toNumber(r.disk),
    maxdisk: toNumber(r.maxdisk),
    uptime: toInt(r.uptime),
    lock: toStr(r.lock),
    tags: parseTags(r.tags),
    template: toBool(r.template) ?? false,
    qmpstatus: toStr(r.qmpstatus),
  };
}

export function normalizeStorage(r: Raw): StorageEntry {
  return {
    storage: toStr(r.storage) ?? '',
    type: toStr(r.type) ?? '',
    content: (toStr(r.content) ?? '').split(',').filter(Boolean),
    active: toBool(r.active),
    enabled: toBool(r.enabled),
    shared: toBool(r.shared),
    total: toNumber(r.total),
    used: toNumber(r.used),
    avail: toNumber(r.avail),
  };
}

export function normalizeContent(r: Raw): StorageContentEntry {
  return {
    volid: toStr(r.volid) ?? '',
    format: toStr(r.format) ?? '',
    size: toNumber(r.size) ?? 0,
    content: toStr(r.content),
    subtype: toStr(r.subtype),
    ctime: toInt(r.ctime),
    vmid: toInt(r.vmid),
    notes: toStr(r.notes),
    protected: toBool(r.protected),
    used: toNumber(r.used),
  };
}

export function normalizeTaskStatus(r: Raw): TaskStatus {
  return {
    upid: toStr(r.upid) ?? '',
    node: toStr(r.node) ?? '',
    status: toStr(r.status) === 'stopped' ? 'stopped' : 'running',
    exitstatus: toStr(r.exitstatus),
    type: toStr(r.type) ?? '',
    id: toStr(r.id),
    user: toStr(r.user) ?? '',
    starttime: toInt(r.starttime),
  };
}

export function normalizeConsole(r: Raw): ConsoleTicket {
  return {
    user: toStr(r.user) ?? '',
    ticket: toStr(r.ticket) ?? '',
    port: toInt(r.port) ?? 0,
    upid: toStr(r.upid) ?? '',
    cert: toStr(r.cert),
    password: toStr(r.password),
  };
}
