import { z } from 'zod';

// OPNsense edge firewalls of a company (issue 21): registered by the MSP, their rules and NAT managed
// from the platform as change sets (diff preview, apply, automatic revert when the firewall goes quiet).

const fingerprintSchema = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'SHA-256 fingerprint as AA:BB:… (32 bytes)');

export const createFirewallSchema = z
  .object({
    companyId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    url: z
      .string()
      .trim()
      .max(300)
      .regex(/^https:\/\/[A-Za-z0-9.:[\]-]+(:\d{1,5})?\/?$/, 'https://host[:port] of the firewall'),
    apiKey: z.string().min(1).max(200),
    apiSecret: z.string().min(1).max(200),
    fingerprint: fingerprintSchema,
  })
  .strict();
export type CreateFirewallInput = z.infer<typeof createFirewallSchema>;

export const updateFirewallSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    apiKey: z.string().min(1).max(200).optional(),
    apiSecret: z.string().min(1).max(200).optional(),
    fingerprint: fingerprintSchema.optional(),
  })
  .strict();
export type UpdateFirewallInput = z.infer<typeof updateFirewallSchema>;

export const firewallListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    companyId: z.uuid().optional(),
  })
  .strict();
export type FirewallListQuery = z.infer<typeof firewallListQuerySchema>;

/** What the platform manages on a firewall, by OPNsense controller. */
export const FIREWALL_KINDS = ['alias', 'filter', 'source_nat', 'one_to_one', 'd_nat'] as const;
export type FirewallKind = (typeof FIREWALL_KINDS)[number];
/** Read-only views of the firewall's state (no change sets): interfaces overview, Kea DHCPv4 leases. */
export const FIREWALL_VIEWS = ['interfaces', 'dhcp_leases'] as const;
export type FirewallView = (typeof FIREWALL_VIEWS)[number];

/** A port, a range `from-to`/`from:to` (1–65535 each, from ≤ to) or a port alias name. */
export const portSpecSchema = z
  .string()
  .trim()
  .max(64)
  .refine((v) => {
    if (/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(v)) return true;
    const m = /^(\d{1,5})(?:[-:](\d{1,5}))?$/.exec(v);
    if (!m) return false;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return a >= 1 && b <= 65535 && a <= b;
  }, 'a port 1–65535, a range like 8000-8080, or a port alias');

const net = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'any, an address, a network (CIDR) or an alias name');
const ifname = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,31}(,[a-z][a-z0-9_]{0,31})*$/, 'interface names like wan or opt1');
const text = z.string().max(255);
const flag = z.enum(['0', '1']);

/** Fields the platform sends per kind (OPNsense's own field names; d_nat's nested ones dotted). */
export const FIREWALL_ITEM_SCHEMAS = {
  alias: z
    .object({
      enabled: flag,
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'letters, digits, _; at most 32'),
      type: z.enum(['host', 'network', 'port']),
      content: z.string().max(4000),
      description: text,
    })
    .strict(),
  filter: z
    .object({
      enabled: flag,
      action: z.enum(['pass', 'block', 'reject']),
      interface: ifname,
      direction: z.enum(['in', 'out']),
      ipprotocol: z.enum(['inet', 'inet6', 'inet46']),
      protocol: z.enum(['any', 'TCP', 'UDP', 'TCP/UDP', 'ICMP']),
      source_net: net,
      source_port: portSpecSchema,
      destination_net: net,
      destination_port: portSpecSchema,
      log: flag,
      description: text,
    })
    .strict(),
  source_nat: z
    .object({
      enabled: flag,
      nonat: flag,
      interface: ifname,
      protocol: z.enum(['any', 'TCP', 'UDP', 'TCP/UDP']),
      source_net: net,
      destination_net: net,
      target: net,
      target_port: portSpecSchema,
      description: text,
    })
    .strict(),
  one_to_one: z
    .object({
      enabled: flag,
      interface: ifname,
      type: z.enum(['binat', 'nat']),
      source_net: net,
      destination_net: net,
      external: net,
      description: text,
    })
    .strict(),
  d_nat: z
    .object({
      disabled: flag,
      interface: ifname,
      protocol: z.enum(['tcp', 'udp', 'tcp/udp']),
      'source.network': net,
      'destination.network': net,
      'destination.port': portSpecSchema,
      target: net,
      'local-port': portSpecSchema,
      descr: text,
    })
    .strict(),
} as const;

/** Fields a new item must have (the rest take OPNsense's defaults). */
export const FIREWALL_REQUIRED_FIELDS: Record<FirewallKind, readonly string[]> = {
  alias: ['name', 'type'],
  filter: ['interface', 'action'],
  source_nat: ['interface'],
  one_to_one: ['source_net', 'external'],
  d_nat: ['target', 'destination.port'],
};

const kindSchema = z.enum(FIREWALL_KINDS);
const uuidLike = z.string().regex(/^[0-9a-f-]{36}$/i, 'an OPNsense item uuid');

export const firewallOperationSchema = z
  .discriminatedUnion('op', [
    z
      .object({
        op: z.literal('create'),
        kind: kindSchema,
        item: z.record(z.string(), z.unknown()),
      })
      .strict(),
    z
      .object({
        op: z.literal('update'),
        kind: kindSchema,
        uuid: uuidLike,
        item: z.record(z.string(), z.unknown()),
      })
      .strict(),
    z.object({ op: z.literal('delete'), kind: kindSchema, uuid: uuidLike }).strict(),
  ])
  .superRefine((o, ctx) => {
    if (o.op === 'delete') return;
    const parsed = FIREWALL_ITEM_SCHEMAS[o.kind].partial().safeParse(o.item);
    if (o.op === 'create')
      for (const f of FIREWALL_REQUIRED_FIELDS[o.kind])
        if (o.item[f] === undefined)
          ctx.addIssue({ code: 'custom', path: ['item', f], message: 'Required' });
    if (!parsed.success)
      for (const i of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['item', ...i.path.map(String)], message: i.message });
  });
export type FirewallOperation = z.infer<typeof firewallOperationSchema>;

export const createFirewallChangeSchema = z
  .object({
    operations: z.array(firewallOperationSchema).min(1).max(50),
    note: z.string().max(500).optional(),
  })
  .strict();
export type CreateFirewallChangeInput = z.infer<typeof createFirewallChangeSchema>;

export interface FirewallDto {
  id: string;
  companyId: string;
  /** the company's name (the firewalls list shows it) */
  companyName: string | null;
  name: string;
  url: string;
  fingerprint: string;
  version: string | null;
  status: 'unknown' | 'online' | 'unreachable';
  lastSeenAt: string | null;
  lastError: string | null;
  lastChangeAt: string | null;
  createdAt: string;
}
export interface FirewallPage {
  items: FirewallDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FirewallItemsDto {
  kind: FirewallKind | FirewallView;
  rows: Array<Record<string, unknown> & { uuid: string }>;
}

export interface FirewallDiffEntry {
  op: 'create' | 'update' | 'delete';
  kind: FirewallKind;
  /** the item's uuid; for a create, the new item's once the change is applied */
  uuid: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export type FirewallChangeStatus = 'pending' | 'applying' | 'applied' | 'failed';
export interface FirewallChangeDto {
  id: string;
  firewallId: string;
  status: FirewallChangeStatus;
  operations: FirewallOperation[];
  diff: FirewallDiffEntry[];
  note: string | null;
  reason: string | null;
  durationMs: number | null;
  /** The `firewalls.apply-change` job that applied (or is applying) it. */
  jobId: string | null;
  /** The applied change set this one undoes (made by "Revert" in the change history). */
  revertOfId: string | null;
  createdAt: string;
  appliedAt: string | null;
}

/** Guest picker: a company guest's IPAM address inside the company's own ranges. */
export interface FirewallTargetDto {
  address: string;
  guestId: string;
  guestName: string | null;
  hostname: string | null;
}
export interface FirewallTargetPage {
  items: FirewallTargetDto[];
  total: number;
  page: number;
  pageSize: number;
}

export const firewallTargetsQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    /** an address prefix, or words of the guest's name or host name */
    search: z.string().trim().max(100).optional(),
  })
  .strict();
export type FirewallTargetsQuery = z.infer<typeof firewallTargetsQuerySchema>;

// --- zero-touch deployment and the one-click network edge ---------------------------------------

const bridge = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a Proxmox bridge name like vmbr0')
  .max(32);
const cidr4 = z
  .string()
  .trim()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'an IPv4 network like 10.20.0.0/24')
  .refine((v) => {
    const [a, p] = v.split('/');
    return a!.split('.').every((o) => Number(o) <= 255) && Number(p) >= 8 && Number(p) <= 30;
  }, 'an IPv4 network with a prefix from /8 to /30');

/**
 * How the platform authenticates at the firewall's first contact: `api_key` = the key/secret it
 * generated is written into config.xml and used from the start; `bootstrap` = config.xml carries a
 * one-time credential, which the platform uses once to have the firewall issue the permanent API
 * key (auth/user/add_api_key) and then deletes (auth/user/del_api_key).
 */
export const FIREWALL_AUTH_METHODS = ['api_key', 'bootstrap'] as const;
export type FirewallAuthMethod = (typeof FIREWALL_AUTH_METHODS)[number];

const storageId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
  .max(64);

export const firewallInstallerSchema = z
  .object({
    /** the installer image's volume id, e.g. local:iso/OPNsense-26.1-dvd-amd64.iso */
    iso: z
      .string()
      .max(255)
      .regex(
        /^[A-Za-z][A-Za-z0-9_.-]*:iso\/[A-Za-z0-9_.+-]+\.(iso|img)$/,
        'an ISO volume like local:iso/OPNsense-26.1-dvd-amd64.iso',
      ),
    /** where the VM's system disk is created */
    diskStorage: storageId,
    diskGb: z.number().int().min(8).max(1024).default(20),
    memoryMb: z.number().int().min(1024).max(65_536).default(2048),
    cores: z.number().int().min(1).max(32).default(2),
  })
  .strict();
export type FirewallInstallerInput = z.infer<typeof firewallInstallerSchema>;

/** Exactly one source for the VM: a template to clone or the installer ISO. */
const oneSource = (v: { templateVmid?: number; installer?: unknown }, ctx: z.RefinementCtx) => {
  if ((v.templateVmid === undefined) === (v.installer === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['templateVmid'],
      message: 'give either templateVmid (an OPNsense template) or installer (the ISO path)',
    });
};

const deployFields = {
  companyId: z.uuid(),
  clusterId: z.uuid(),
  node: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/)
    .max(64),
  /** the OPNsense template VM on that cluster (or `installer` where no template exists) */
  templateVmid: z.number().int().min(100).max(999_999_999).optional(),
  /**
   * ISO installer path, where the cluster has no OPNsense template: a new VM (POST
   * /nodes/{node}/qemu) boots the OPNsense installer image already on the node's ISO storage, with
   * an empty system disk and the same config disk.
   */
  installer: firewallInstallerSchema.optional(),
  /** host name of the firewall, also the VM's name */
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and -'),
  /** the MSP's uplink bridge (WAN) and the bridge the company's VLAN rides on (LAN) */
  wanBridge: bridge,
  lanBridge: bridge,
  /** the MSP's public range the WAN address is taken from (a shared range) */
  wanRangeId: z.uuid(),
  /** storage for the config disk (ISO content) */
  isoStorage: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
    .max(64)
    .default('local'),
  /** web GUI/API port (OPNsense: 443) */
  webguiPort: z.number().int().min(1).max(65535).default(443),
  /** networks allowed to reach the web GUI/API on WAN (the MSP's management networks) */
  managementNetworks: z.array(cidr4).min(1).max(8),
  authMethod: z.enum(FIREWALL_AUTH_METHODS).default('api_key'),
};

/** Zero-touch deployment of a firewall for a company LAN range that exists (with its VLAN). */
export const deployFirewallSchema = z
  .object({
    ...deployFields,
    /** the company's LAN range (gateway = the firewall) */ lanRangeId: z.uuid(),
  })
  .strict()
  .superRefine(oneSource);
export type DeployFirewallInput = z.infer<typeof deployFirewallSchema>;

/** A Proxmox SDN zone or VNet id (PVE: a letter, then letters and digits, at most 8). */
const sdnId = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9]{0,6}[a-z0-9]$/i, 'a letter, then letters and digits, 2 to 8 characters');

/**
 * The network edge's inside network as a Proxmox SDN VNet instead of a VLAN tag on `lanBridge`:
 * `vnet` of `zone` is used when it exists there, otherwise created (a VLAN or QinQ zone tags it
 * with the next free VLAN of the cluster's pool; a simple zone needs no tag). The LAN range is
 * bound to it and its subnet written and applied; the firewall's LAN NIC and the company's guests
 * sit on `bridge=<vnet>`.
 */
export const networkEdgeSdnSchema = z.object({ zone: sdnId, vnet: sdnId }).strict();
export type NetworkEdgeSdnInput = z.infer<typeof networkEdgeSdnSchema>;

/**
 * One-click network edge: next VLAN from the cluster's pool (or an SDN VNet), a new LAN range,
 * the firewall on it. Exactly one of `lanBridge` (VLAN on a bridge) and `sdn` names the LAN.
 */
export const networkEdgeSchema = z
  .object({
    ...deployFields,
    lanBridge: bridge.optional(),
    /** the company's new LAN network */ lanCidr: cidr4,
    sdn: networkEdgeSdnSchema.optional(),
  })
  .strict()
  .superRefine(oneSource)
  .superRefine((v, ctx) => {
    if ((v.lanBridge === undefined) === (v.sdn === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['lanBridge'],
        message: 'give either lanBridge (a VLAN on a bridge) or sdn (an SDN VNet)',
      });
  });
export type NetworkEdgeInput = z.infer<typeof networkEdgeSchema>;

export const FIREWALL_DEPLOY_STEPS = [
  'vlan',
  /** network edge on SDN: the VNet is created (or an existing one taken) */
  'sdn-vnet',
  'range',
  /** network edge on SDN: the range's subnet written to the VNet, SDN applied */
  'sdn-apply',
  'addresses',
  'clone',
  /** the ISO installer path instead of clone: a new VM booting the installer image */
  'create',
  'nics',
  'config-disk',
  'start',
  'api',
  'rotate-key',
  'baseline',
  'register',
] as const;
export type FirewallDeployStep = (typeof FIREWALL_DEPLOY_STEPS)[number];

export interface FirewallDeploymentDto {
  id: string;
  companyId: string;
  firewallId: string | null;
  jobId: string | null;
  kind: 'deploy' | 'network_edge';
  status: 'running' | 'succeeded' | 'failed';
  authMethod: FirewallAuthMethod;
  vmid: number | null;
  /** `auth`: the credential the step used on the firewall (absent: Proxmox/IPAM only) */
  steps: Array<{ step: FirewallDeployStep; ms: number; ok: boolean; auth?: FirewallAuthMethod }>;
  durationMs: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Deployment figures by auth method: count, success rate, mean and slowest duration. */
export interface FirewallDeployMetricsDto {
  byAuthMethod: Array<{
    authMethod: FirewallAuthMethod;
    deployments: number;
    succeeded: number;
    successRate: number;
    meanMs: number | null;
    maxMs: number | null;
    /** mean duration of each step over the successful deployments */
    stepMeanMs: Partial<Record<FirewallDeployStep, number>>;
  }>;
  /**
   * Rule and NAT change sets that ended (applied or failed), over the same firewalls: every apply
   * authenticates with the firewall's stored API key.
   */
  changes: {
    authMethod: 'api_key';
    changes: number;
    applied: number;
    successRate: number;
    /** mean and slowest apply of the applied ones (the job's time on the firewall) */
    meanMs: number | null;
    maxMs: number | null;
  };
}

export const firewallDeploymentsQuerySchema = z
  .object({ companyId: z.uuid().optional(), firewallId: z.uuid().optional() })
  .strict();
export type FirewallDeploymentsQuery = z.infer<typeof firewallDeploymentsQuerySchema>;
