export type GuestType = 'qemu' | 'lxc';
export type ConfigValue = string | number;
export type Config = Record<string, ConfigValue>;

export interface Snapshot {
  name: string;
  description?: string;
  snaptime: number;
  parent?: string;
  vmstate?: 0 | 1;
  config: Config;
}

export interface Guest {
  vmid: number;
  type: GuestType;
  node: string;
  status: 'running' | 'stopped';
  /** qemu run state beyond running/stopped (`paused`, `suspended`). */
  qmpstatus?: string;
  config: Config;
  pending: Config;
  pendingDelete: string[];
  snapshots: Snapshot[];
  lock?: string;
  startedAt?: number;
  pool?: string;
  /** cached SHA1 of the config; dropped whenever config changes */
  digest?: string;
  /** VMs: whether the guest OS runs qemu-guest-agent (unset: derived from the VMID, see world/agent.ts) */
  guestAgent?: boolean;
  /** Test knob (`/_sim/guests/{vmid}/address`): the IPv4 address eth0 reports (e.g. 127.0.0.1 for a real SSH endpoint). */
  reportedAddress?: string;
  /** Test knob (`/_sim/guests/{vmid}/load`): the CPU share (0..1) this guest reports while running. */
  cpuLoad?: number;
  /** Created while `/_sim/ssh-endpoint` was set: its cloud-init SSH keys go to the real endpoint at boot. */
  sshEndpoint?: boolean;
}

export interface NodeState {
  name: string;
  nodeid: number;
  ip: string;
  online: boolean;
  maxcpu: number;
  maxmem: number;
  bootedAt: number;
}

export interface StorageDef {
  storage: string;
  type: string;
  content: string;
  shared: 0 | 1;
  total: number;
  nodes?: string;
  path?: string;
  pool?: string;
  vgname?: string;
  thinpool?: string;
  server?: string;
  username?: string;
  disable?: 0 | 1;
  'prune-backups'?: string;
  'skip-cert-verification'?: 0 | 1;
  [k: string]: unknown;
}

export interface Volume {
  volid: string;
  storage: string;
  /** node holding the volume; '' on shared storage */
  node: string;
  content: string;
  format: string;
  size: number;
  ctime: number;
  vmid?: number;
  notes?: string;
  protected?: 0 | 1;
  subtype?: GuestType;
  name?: string;
  /** base64 content of a small uploaded file (a config disk image); large uploads keep no content */
  data?: string;
  /** guest config captured by vzdump, used by restore */
  guestConfig?: Config;
  /** whether the backed-up guest OS ran qemu-guest-agent: a restored copy boots the same way */
  guestAgent?: boolean;
}

export interface Task {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  log: string[];
}

export interface TokenRec {
  tokenid: string;
  privsep: 0 | 1;
  expire: number;
  comment?: string;
  secret: string;
}

export interface UserRec {
  userid: string;
  enable: 0 | 1;
  expire: number;
  firstname?: string;
  lastname?: string;
  email?: string;
  comment?: string;
  groups: string[];
  password?: string;
  tokens: Record<string, TokenRec>;
}

export interface AclEntry {
  path: string;
  type: 'user' | 'group' | 'token';
  ugid: string;
  roleid: string;
  propagate: 0 | 1;
}

export interface SdnObject {
  state?: 'new' | 'changed' | 'deleted';
  [k: string]: unknown;
}

export interface FirewallRule {
  type: string;
  action: string;
  [k: string]: string | number;
}

export interface FirewallScope {
  rules: FirewallRule[];
  options: Record<string, string | number>;
  ipsets: Record<
    string,
    { comment?: string; entries: Array<{ cidr: string; comment?: string; nomatch?: 0 | 1 }> }
  >;
  aliases: Record<string, { cidr: string; comment?: string }>;
}

export interface HaRule {
  type: 'node-affinity' | 'resource-affinity';
  /** `vm:100,ct:101`, sorted */
  resources: string;
  /** node-affinity: `pve1:2,pve2`, sorted by node */
  nodes?: string;
  strict?: 0 | 1;
  affinity?: 'positive' | 'negative';
  disable?: 1;
  comment?: string;
  order: number;
}

export interface ClusterState {
  name: string;
  nodes: NodeState[];
  storages: StorageDef[];
  volumes: Volume[];
  guests: Map<number, Guest>;
  tasks: Task[];
  pools: Record<string, { comment?: string; storage: string[] }>;
  users: Record<string, UserRec>;
  groups: Record<string, { comment?: string }>;
  roles: Record<string, string[]>;
  acls: AclEntry[];
  backupJobs: Record<string, Record<string, unknown>>;
  sdn: {
    zones: Record<string, SdnObject>;
    vnets: Record<string, SdnObject>;
    subnets: Record<string, SdnObject>;
    lockToken?: string;
  };
  pciMappings: Record<
    string,
    { description?: string; map: string[]; mdev?: 0 | 1; 'live-migration-capable'?: 0 | 1 }
  >;
  /**
   * ESXi inventory behind storages of type esxi. Entries with `server` are what that host holds
   * (seeded through /_sim/esxi); entries without one are what any other ESXi host shows.
   */
  esxiGuests: EsxiGuest[];
  nextPid: number;
  /** node network config: applied interfaces and staged edits (interfaces.new); created lazily */
  network?: Record<
    string,
    { ifaces: Array<Record<string, unknown>>; staged?: Array<Record<string, unknown>> }
  >;
  /** SDN IPAM entries per vnet */
  ipam?: Record<
    string,
    Array<{
      ip: string;
      mac?: string;
      vmid?: number;
      hostname?: string;
      zone: string;
      subnet: string;
    }>
  >;
  /**
   * Test knob (`/_sim/ssh-endpoint`): guests created from now on are this real SSH server. Their
   * eth0 reports `address` and the SSH keys they get (cloud-init `sshkeys` at first boot, a
   * container's `ssh-public-keys` at creation) are appended to `keysFile`, the authorized_keys of
   * the account the server lets in.
   */
  sshEndpoint?: { address: string; keysFile?: string };
  /** HA rules of PVE 9 (node-affinity, resource-affinity); created lazily */
  haRules?: Record<string, HaRule>;
  /** USB hardware mappings (/cluster/mapping/usb); seeded lazily */
  usbMappings?: Record<string, { description?: string; map: string[] }>;
  /** SDN fabrics (/cluster/sdn/fabrics/fabric); seeded lazily */
  sdnFabrics?: Record<string, Record<string, string | number>>;
  /** cluster-level firewall, security groups and per-guest firewalls (created lazily) */
  firewall?: {
    cluster: FirewallScope;
    groups: Record<string, { comment?: string; rules: FirewallRule[] }>;
    guests: Record<string, FirewallScope>;
    ha: Record<string, Record<string, string | number>>;
  };
}

/** A VM on an ESXi host as the PVE esxi storage plugin sees it (its .vmx, read through the FUSE mount). */
export interface EsxiGuest {
  /** `<datacenter>/<datastore>/<folder>/<name>.vmx` */
  path: string;
  name: string;
  cores: number;
  memory: number;
  /** disk sizes in GiB; disk i is `<folder>/<name>[_i].vmdk` */
  disks: number[];
  ostype: string;
  /** the ESXi host (the storage's `server`) this VM lives on */
  server?: string;
  firmware?: 'bios' | 'efi';
  nics?: Array<{ model: string; macaddr: string }>;
  power?: 'poweredOn' | 'poweredOff' | 'suspended';
  uuid?: string;
}
