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
  kind: FirewallKind;
  rows: Array<Record<string, unknown> & { uuid: string }>;
}

export interface FirewallDiffEntry {
  op: 'create' | 'update' | 'delete';
  kind: FirewallKind;
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
  createdAt: string;
  appliedAt: string | null;
}
