import { z } from 'zod';
import { at, count, id, pageOf } from './api-response-kit';
import { jobSchema } from './api-responses-core';
import {
  FIREWALL_AUTH_METHODS,
  FIREWALL_DEPLOY_STEPS,
  FIREWALL_KINDS,
  type FirewallChangeDto,
  type FirewallDeployMetricsDto,
  type FirewallDeploymentDto,
  type FirewallDto,
  type FirewallItemsDto,
  type FirewallKind,
  type FirewallPage,
  type FirewallTargetPage,
  type FirewallView,
} from './firewalls';
import {
  IP_ADDRESS_STATUSES,
  IP_PURPOSES,
  IPAM_SWEEP_FINDING_KINDS,
  type IpAddressPage,
  type IpAddressView,
  type IpamConflictPage,
  type IpamSweepDto,
  type IpRangeView,
  type SdnVnetView,
  type VlanAssignmentView,
  type VlanPoolView,
} from './ipam';

// Response schemas of IPAM and OPNsense firewalls, merged into API_RESPONSES; see api-responses.ts
// for the rules (typed against the SPA's interface, strict objects, 2xx answers only). Each route
// here is parsed against the real API's answer by some integration test (expectApiResponse).

/** The tracked job some routes answer 202 with. */
const job = jobSchema;

// --- firewalls ----------------------------------------------------------------------------------

export const firewallSchema: z.ZodType<FirewallDto> = z
  .object({
    id,
    companyId: id,
    companyName: z.string().nullable(),
    name: z.string(),
    url: z.string(),
    fingerprint: z.string(),
    version: z.string().nullable(),
    status: z.enum(['unknown', 'online', 'unreachable']),
    lastSeenAt: at.nullable(),
    lastError: z.string().nullable(),
    lastChangeAt: at.nullable(),
    createdAt: at,
  })
  .strict();

export const firewallPageSchema: z.ZodType<FirewallPage> = pageOf(firewallSchema);

/** Items of one kind as the firewall has them: OPNsense's own fields, each row named by `uuid`. */
const firewallItems = (kind: FirewallKind | FirewallView): z.ZodType<FirewallItemsDto> =>
  z
    .object({
      kind: z.literal(kind),
      rows: z.array(z.object({ uuid: z.string().min(1) }).catchall(z.unknown())),
    })
    .strict();

const firewallKind = z.enum(FIREWALL_KINDS);
const itemFields = z.record(z.string(), z.unknown());
/** A stored operation (the API validated its item's fields when the change set was made). */
const firewallOperation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), kind: firewallKind, item: itemFields }).strict(),
  z
    .object({ op: z.literal('update'), kind: firewallKind, uuid: z.string(), item: itemFields })
    .strict(),
  z.object({ op: z.literal('delete'), kind: firewallKind, uuid: z.string() }).strict(),
]);

export const firewallChangeSchema: z.ZodType<FirewallChangeDto> = z
  .object({
    id,
    firewallId: id,
    status: z.enum(['pending', 'applying', 'applied', 'failed']),
    operations: z.array(firewallOperation),
    diff: z.array(
      z
        .object({
          op: z.enum(['create', 'update', 'delete']),
          kind: firewallKind,
          uuid: z.string().nullable(),
          before: itemFields.nullable(),
          after: itemFields.nullable(),
        })
        .strict(),
    ),
    note: z.string().nullable(),
    reason: z.string().nullable(),
    durationMs: count.nullable(),
    jobId: id.nullable(),
    revertOfId: id.nullable(),
    createdAt: at,
    appliedAt: at.nullable(),
  })
  .strict();

export const firewallTargetPageSchema: z.ZodType<FirewallTargetPage> = pageOf(
  z
    .object({
      address: z.string().min(1),
      guestId: id,
      guestName: z.string().nullable(),
      hostname: z.string().nullable(),
    })
    .strict(),
);

const authMethod = z.enum(FIREWALL_AUTH_METHODS);
const deployStep = z.enum(FIREWALL_DEPLOY_STEPS);

export const firewallDeploymentSchema: z.ZodType<FirewallDeploymentDto> = z
  .object({
    id,
    companyId: id,
    firewallId: id.nullable(),
    jobId: id.nullable(),
    kind: z.enum(['deploy', 'network_edge']),
    status: z.enum(['running', 'succeeded', 'failed']),
    authMethod,
    vmid: z.number().int().positive().nullable(),
    steps: z.array(
      z
        .object({ step: deployStep, ms: count, ok: z.boolean(), auth: authMethod.optional() })
        .strict(),
    ),
    durationMs: count.nullable(),
    error: z.string().nullable(),
    createdAt: at,
    finishedAt: at.nullable(),
  })
  .strict();

const rate = z.number().min(0).max(1);
export const firewallDeployMetricsSchema: z.ZodType<FirewallDeployMetricsDto> = z
  .object({
    byAuthMethod: z.array(
      z
        .object({
          authMethod,
          deployments: count,
          succeeded: count,
          successRate: rate,
          meanMs: count.nullable(),
          maxMs: count.nullable(),
          stepMeanMs: z.partialRecord(deployStep, count),
        })
        .strict(),
    ),
    changes: z
      .object({
        authMethod: z.literal('api_key'),
        changes: count,
        applied: count,
        successRate: rate,
        meanMs: count.nullable(),
        maxMs: count.nullable(),
      })
      .strict(),
  })
  .strict();

// --- IPAM ---------------------------------------------------------------------------------------

const vlanTag = z.number().int().min(1).max(4094);

export const ipRangeSchema: z.ZodType<IpRangeView> = z
  .object({
    id,
    name: z.string(),
    family: z.union([z.literal(4), z.literal(6)]),
    cidr: z.string().min(1),
    prefixLength: z.number().int().min(0).max(128),
    companyId: id.nullable(),
    companyName: z.string().nullable(),
    vlan: vlanTag.nullable(),
    gateway: z.string().nullable(),
    dnsServers: z.array(z.string()),
    searchDomain: z.string().nullable(),
    firstUsable: z.string().min(1),
    lastUsable: z.string().min(1),
    holdSeconds: count,
    clusterIds: z.array(id),
    note: z.string().nullable(),
    sdn: z
      .object({
        vnet: z.string().min(1),
        zone: z.string().nullable(),
        subnet: z.string().nullable(),
        state: z.enum(['pending', 'applied', 'failed']),
        error: z.string().nullable(),
        jobId: id.nullable(),
      })
      .strict()
      .nullable(),
    usage: z
      .object({ size: count, allocated: count, reserved: count, held: count, free: count })
      .strict(),
    createdAt: at,
    updatedAt: at,
  })
  .strict();

export const ipAddressSchema: z.ZodType<IpAddressView> = z
  .object({
    id: id.nullable(),
    rangeId: id,
    address: z.string().min(1),
    status: z.enum([...IP_ADDRESS_STATUSES, 'free']),
    purpose: z.enum(IP_PURPOSES).nullable(),
    companyId: id.nullable(),
    guestId: id.nullable(),
    guestName: z.string().nullable(),
    nic: count.nullable(),
    hostname: z.string().nullable(),
    note: z.string().nullable(),
    allocatedAt: at.nullable(),
    holdUntil: at.nullable(),
  })
  .strict();

export const ipAddressPageSchema: z.ZodType<IpAddressPage> = z
  .object({
    items: z.array(ipAddressSchema),
    total: count,
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    nextCursor: z.string().nullable(),
  })
  .strict();

export const sdnVnetSchema: z.ZodType<SdnVnetView> = z
  .object({
    vnet: z.string().min(1),
    zone: z.string().min(1),
    tag: z.number().int().min(0).nullable(),
    alias: z.string().nullable(),
  })
  .strict();

export const vlanPoolSchema: z.ZodType<VlanPoolView> = z
  .object({
    id,
    clusterId: id,
    name: z.string(),
    vlanFrom: vlanTag,
    vlanTo: vlanTag,
    note: z.string().nullable(),
    assigned: count,
    size: count,
    createdAt: at,
  })
  .strict();

export const vlanAssignmentSchema: z.ZodType<VlanAssignmentView> = z
  .object({
    id,
    poolId: id,
    poolName: z.string().nullable(),
    clusterId: id,
    clusterName: z.string().nullable(),
    vlan: vlanTag,
    companyId: id.nullable(),
    purpose: z.string().min(1),
    note: z.string().nullable(),
    createdAt: at,
  })
  .strict();

/** An SDN VNet's tag: a VLAN, or a VXLAN/EVPN VNI (larger); null: untagged. */
const sdnTag = z.number().int().positive().nullable();

const sweepFindingFields = {
  kind: z.enum(IPAM_SWEEP_FINDING_KINDS),
  address: z.string().min(1),
  vmid: z.number().int().positive().nullable(),
  guestId: id.nullable(),
  guestName: z.string().nullable(),
  rangeId: id.nullable(),
  rangeName: z.string().nullable(),
  ipamAddressId: id.nullable(),
  ipamStatus: z.string().nullable(),
  ipamGuestId: id.nullable(),
  alsoVmids: z.array(z.number().int().positive()),
  sdn: z
    .object({ vnet: z.string().min(1), tag: sdnTag, boundTag: sdnTag })
    .strict()
    .nullable(),
};

export const ipamSweepSchema: z.ZodType<IpamSweepDto> = z
  .object({
    id,
    clusterId: id,
    status: z.enum(['running', 'done', 'failed']),
    jobId: id.nullable(),
    guestsChecked: count,
    guestsSkipped: count,
    findings: z.array(z.object(sweepFindingFields).strict()),
    error: z.string().nullable(),
    startedAt: at,
    finishedAt: at.nullable(),
  })
  .strict();

export const ipamConflictPageSchema: z.ZodType<IpamConflictPage> = pageOf(
  z
    .object({
      ...sweepFindingFields,
      clusterId: id,
      clusterName: z.string(),
      sweepId: id,
      sweptAt: at,
    })
    .strict(),
);

export const NETWORK_RESPONSES = {
  'GET /firewalls': firewallPageSchema,
  'POST /firewalls': firewallSchema,
  'GET /firewalls/:id': firewallSchema,
  'GET /firewalls/:id/changes': z.array(firewallChangeSchema),
  'POST /firewalls/:id/changes': firewallChangeSchema,
  'GET /firewalls/:id/changes/:id': firewallChangeSchema,
  'POST /firewalls/:id/changes/:id/apply': job,
  'POST /firewalls/:id/changes/:id/revert': firewallChangeSchema,
  'GET /firewalls/:id/items/alias': firewallItems('alias'),
  'GET /firewalls/:id/items/d_nat': firewallItems('d_nat'),
  'GET /firewalls/:id/items/dhcp_leases': firewallItems('dhcp_leases'),
  'GET /firewalls/:id/items/filter': firewallItems('filter'),
  'GET /firewalls/:id/items/interfaces': firewallItems('interfaces'),
  'GET /firewalls/:id/targets': firewallTargetPageSchema,
  'POST /firewalls/deploy': job,
  'GET /firewalls/deployments': z.array(firewallDeploymentSchema),
  'GET /firewalls/deployments/metrics': firewallDeployMetricsSchema,
  'POST /firewalls/network-edge': job,
  'POST /ipam/addresses/:id/release': ipAddressSchema,
  'GET /ipam/clusters/:id/conflict-sweeps/latest': ipamSweepSchema,
  'GET /ipam/clusters/:id/sdn-vnets': z.array(sdnVnetSchema),
  'GET /ipam/clusters/:id/vlan-pools': z.array(vlanPoolSchema),
  'POST /ipam/clusters/:id/vlan-pools': vlanPoolSchema,
  'GET /ipam/companies/:id/vlans': z.array(vlanAssignmentSchema),
  'POST /ipam/companies/:id/vlans': vlanAssignmentSchema,
  'GET /ipam/conflicts': ipamConflictPageSchema,
  'GET /ipam/guests/:id/addresses': z.array(ipAddressSchema),
  'GET /ipam/ranges': pageOf(ipRangeSchema),
  'POST /ipam/ranges': ipRangeSchema,
  'GET /ipam/ranges/:id': ipRangeSchema,
  'GET /ipam/ranges/:id/addresses': ipAddressPageSchema,
  'POST /ipam/ranges/:id/allocations': ipAddressSchema,
} as const satisfies Record<string, z.ZodType>;
