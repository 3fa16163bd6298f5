import type { DeploymentJobParams } from './deployments';
import type { DeployFirewallInput, NetworkEdgeInput } from './firewalls';
import type { CreateVmInput, VmPowerAction } from './vms';

// The job catalog: every background job of the platform, shared by the API (producer) and the worker.
// Adding a job = a payload (plain) or params (tracked) type below + one line in JOB_CATALOG + an
// `@OnJob(name)` handler in the owning module's worker module. See backend/README.md "Jobs".

/**
 * BullMQ queues. A queue groups jobs that share worker settings: `tasks` (tracked jobs that mostly wait
 * on Proxmox: high concurrency, long locks, the per-node semaphore), `clusters` (checks and syncs of
 * clusters and nodes), `system` (cheap platform chores).
 */
export const QUEUES = { system: 'system', clusters: 'clusters', tasks: 'tasks' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobActor {
  userId: string | null;
  // "system" for scheduled work with no human behind it.
  type: 'user' | 'api_key' | 'system';
}

/** Every plain job's payload says whose work it is: the company (null: the platform) and the actor. */
export interface BasePayload {
  companyId: string | null;
  actor: JobActor;
}

/** The payload of a scheduled run: the platform, acting as the system. */
export const SYSTEM_PAYLOAD: BasePayload = {
  companyId: null,
  actor: { userId: null, type: 'system' },
};

/** Plain jobs: BullMQ carries the whole payload; the result is BullMQ's return value. */
export interface JobPayloads {
  /** Proves the worker runs jobs end to end; a cheap liveness probe for operators. */
  'system.ping': BasePayload & { echo: string };
  /** Re-enqueues tracked jobs whose BullMQ job is gone (Redis lost data, stalled too often). */
  'jobs.recover': BasePayload;
  /** Enqueues the health checks and inventory syncs that are due. */
  'cluster.schedule': BasePayload;
  'cluster.health-check': BasePayload & { clusterId: string };
  'cluster.inventory-sync': BasePayload & { clusterId: string };
  /** Key-login check of every node with the platform SSH key. */
  'ssh.key-health': BasePayload;
  /** One ACME order (certificates module). */
  'certificates.issue': BasePayload & { certificateId: string };
  /** Renews every certificate within 30 days of expiry. */
  'certificates.renew-due': BasePayload;
  /** Template scan of every reachable cluster (the on-demand scan is the tracked `templates.scan`). */
  'templates.scan-all': BasePayload;
  /** DEMO_MODE: gives the demo companies guests, templates and grants once the inventory is synced. */
  'demo.assign-estate': BasePayload;
  /** Plans the backup schedules that are due: one run, one result and one `backups.guest` job per guest. */
  'backups.schedule-due': BasePayload;
  /** Removes what a failed vm.create left under its VMID; retried with back-off until Proxmox allows. */
  'vm.remove-leftover': BasePayload & {
    clusterId: string;
    vmid: number;
    kind: 'qemu' | 'lxc';
    /** The guest's name: only a guest of that name under the VMID is removed. */
    name: string;
  };
  /** IPAM: frees released addresses whose hold period has run out. */
  'ipam.reclaim-held': BasePayload;
  /** Monitoring: enqueues one metrics collection per reachable cluster for the current minute. */
  'monitoring.collect': BasePayload;
  /** One `/cluster/resources` read → cluster, node and company aggregates (+ alert evaluation). */
  'monitoring.collect-cluster': BasePayload & { clusterId: string; minute: number };
  /** Rolls finished minutes up into 15-minute and daily points, then drops what is past retention. */
  'monitoring.rollup': BasePayload;
  /** Usage statements: one snapshot per company of what it had allocated and running this hour. */
  'usage.snapshot': BasePayload;
  /** One notification of an alert (or a channel test) to one channel; retried with backoff. */
  'alerts.deliver': BasePayload & { deliveryId: string };
  /**
   * Mails the company's admins and the MSP (backups module): a backup run that failed, partly
   * failed or was missed; a failed restore test.
   */
  'backups.notify': BasePayload & {
    companyId: string;
    event: 'run' | 'restore-test' | 'dr-stale';
    /** The run's, the restore test's or the DR guest's id. */
    id: string;
  };
  /** Mails about a ticket event to whoever should hear of it (tickets module). */
  'tickets.notify': BasePayload & {
    ticketId: string;
    event: 'created' | 'message' | 'status' | 'warning' | 'breach';
    messageId?: string;
    /** events `warning` (80 % of the target used) and `breach`: which target. */
    target?: 'first_response' | 'resolution';
  };
  /** Marks tickets whose SLA target passed as breached and queues the breach mails. */
  'tickets.sla-check': BasePayload;
}

/** vm.create: placement decided by the API; the cloud-init password travels encrypted in `secret`. */
export interface VmCreateJobParams {
  input: CreateVmInput;
  secret?: string;
  clusterId: string;
  node: string;
  storage: string | null;
  template?: { vmid: number; node: string };
}

/**
 * Tracked jobs: a `Job` row holds params, status, progress, log and checkpoints (the truth); BullMQ
 * carries only the row's id (job id = Job.id). Params are typed per job name here.
 */
export interface TrackedJobParams {
  'vm.create': VmCreateJobParams;
  'vm.power': { action: VmPowerAction };
  'vm.delete': { purge?: boolean };
  /** `growGb`: what the API already added to the quota usage (given back on failure). */
  'vm.resize': { disk: string; sizeGb: number; growGb?: number };
  'vm.snapshot.create': { name: string; description?: string; includeRam?: boolean };
  'vm.snapshot.rollback': { name: string };
  'vm.snapshot.delete': { name: string };
  'vm.migrate': { targetNode: string; online?: boolean };
  'vm.template': Record<string, never>;
  'templates.scan': { clusterId: string | null };
  'ssh-keys.rotate': Record<string, never>;
  /** The one-time passwords are not here: they wait encrypted in a short-lived Redis key. */
  'ssh-keys.push-bulk': { clusterIds: string[] };
  /** One guest's vzdump for a backup run (schedule or backup now); the guest is the job's guestId. */
  'backups.guest': BackupGuestJobParams;
  /** Restore an archive to a new guest (the job's guestId is its placeholder) or over the source. */
  'backups.restore': BackupRestoreJobParams;
  /** IPAM conflict sweep of one cluster: guest agents' addresses against IPAM (a report). */
  'ipam.conflict-sweep': { sweepId: string; clusterId: string };
  /**
   * Write a range's subnet to its SDN VNet on Proxmox and apply SDN (PUT /cluster/sdn); with
   * `remove`, delete the subnet a range left (unbound, moved or deleted) instead.
   */
  'ipam.sdn-sync': {
    rangeId: string;
    clusterId: string;
    remove?: { vnet: string; cidr: string };
  };
  /** Restore test: restore a backup to a scratch VMID, boot it disconnected, record, destroy. */
  'backups.restore-test': BackupRestoreTestJobParams;
  /** Discover what runs on an ESXi host / vCenter (issue 22). */
  'esxi.discover': { sourceId: string };
  /** Build and start a release of an application deployment, or switch back to one (issue 24). */
  'deployments.run': DeploymentJobParams;
  /** Import one discovered VM through Proxmox's esxi storage (the job's guestId is its placeholder). */
  'esxi.import': EsxiImportJobParams;
  /** One guest's snapshot of a snapshot schedule, then the schedule's own snapshots pruned. */
  'backups.snapshot': SnapshotJobParams;
  /** Zero-touch firewall deployment, alone or as the one-click network edge (issue 21). */
  'firewalls.deploy': FirewallDeployJobParams;
  /** DR pair: one guest's DR copy (vzdump onto the shared datastore), its recovery point, its standby. */
  'backups.dr-sync': DrJobParams;
  /** DR pair: start one guest's standby on the target cluster. */
  'backups.dr-failover': DrJobParams;
  /** DR pair: after a fail over, copy the standby back over the source guest and run it there. */
  'backups.dr-failback': DrJobParams;
  /** ACME order of a certificate for one of a company's mapped host names (certificates module). */
  'certificates.host': { certificateId: string; host: string };
  /** Apply one pending change set to a firewall under a savepoint (issue 21); fails = reverted. */
  'firewalls.apply-change': { firewallId: string; changeId: string };
}

export interface DrJobParams {
  pairId: string;
  drGuestId: string;
  /**
   * Sync: make a DR copy even when no backup newer than the recovery point exists (sync now).
   * Fail over: start the standby even when the source answers but its guest cannot be stopped.
   */
  force?: boolean;
}

export interface SnapshotJobParams {
  scheduleId: string;
  /** `auto_<tag>_<yyyymmddhhmmss>`: the schedule prunes only names of its tag. */
  snapshot: string;
  tag: string;
  keepLast: number;
  maxAgeHours: number | null;
  includeRam: boolean;
}

export interface FirewallDeployJobParams {
  deploymentId: string;
  input: DeployFirewallInput | NetworkEdgeInput;
  mode: 'deploy' | 'network_edge';
  /**
   * the key and secret written into config.xml, sealed (SecretsCipher, firewall contexts): the
   * firewall's API key (input.authMethod api_key) or the one-time bootstrap credential (bootstrap)
   */
  sealedKey: string;
  sealedSecret: string;
  /** the MSP's public range, read when the job was asked for */
  wan: { prefix: number; gateway: string | null };
  /** deploy: the company's LAN range as it was read (network edge: created by the job) */
  lan?: { rangeId: string; cidr: string; gateway: string; vlan: number | null };
}

export interface EsxiImportJobParams {
  sourceId: string;
  esxiVmId: string;
  clusterId: string;
  node: string;
  esxiStorage: string;
  /** The `.vmx` volid on the esxi storage. */
  volid: string;
  storage: string;
  name: string;
  /** Per source NIC (net0, net1, …): the bridge and VLAN it gets. */
  nics: Array<{ key: string; bridge: string; vlan?: number }>;
  start: boolean;
  live: boolean;
  /** Shut the source VM down on ESXi before its disks are copied (a migration wave asked for it). */
  shutdownSource?: boolean;
  /** After the start, wait this long for the QEMU guest agent (the VM gets `agent: 1`). */
  verifyAgentSeconds?: number;
}

export interface BackupGuestJobParams {
  runId: string;
  resultId: string;
  storage: string;
  mode: 'snapshot' | 'suspend' | 'stop';
  compress: 'zstd' | 'lzo' | 'gzip' | '0';
  notesTemplate?: string | null;
  protected?: boolean;
  /** Proxmox prune-backups string applied by vzdump after the archive is written. */
  pruneBackups?: string | null;
  /** ISO time after which the backup is no longer started (reported as missed). */
  notAfter?: string | null;
  /** Backups on this storage of the cluster at once (the schedule's setting); null = no cap. */
  storageLimit?: number | null;
}

export interface BackupRestoreJobParams {
  volid: string;
  sourceGuestId: string;
  kind: 'qemu' | 'lxc';
  target: 'new' | 'in-place';
  clusterId: string;
  node: string;
  storage?: string;
  name?: string;
  start?: boolean;
  disconnectNetwork?: boolean;
  /** In place: the VMID overwritten. */
  vmid?: number;
}

export interface BackupRestoreTestJobParams {
  restoreTestId: string;
  clusterId: string;
  /** Node the scratch copy is restored on. */
  node: string;
  volid: string;
  kind: 'qemu' | 'lxc';
  /** How long the copy may take to answer (guest agent) or run (no agent) before it fails. */
  bootTimeoutSec: number;
}

export type PlainJobName = keyof JobPayloads;
export type TrackedJobName = keyof TrackedJobParams;
export type JobName = PlainJobName | TrackedJobName;

/** What BullMQ carries for a tracked job. */
export interface TrackedJobRef extends BasePayload {
  jobId: string;
}

export interface JobSpec {
  queue: QueueName;
  /** Tracked: a Job row, progress pushed to the SPA, resumable Proxmox tasks. */
  tracked: boolean;
  /** `company`: acts on a company's resource (companyId set when the resource has one); `platform`: never a company's. */
  owner: 'company' | 'platform';
  /** Recurring: one BullMQ job scheduler runs it every `every` ms, once per period across all workers. */
  every?: number;
}

type Catalog = {
  readonly [N in JobName]: JobSpec & { tracked: N extends TrackedJobName ? true : false };
};

const MINUTE = 60_000;

/** Every job: queue, tracked or not, owner, schedule. The worker refuses to start if one has no handler. */
export const JOB_CATALOG = {
  'system.ping': { queue: 'system', tracked: false, owner: 'platform' },
  'jobs.recover': { queue: 'system', tracked: false, owner: 'platform', every: MINUTE },
  'demo.assign-estate': { queue: 'system', tracked: false, owner: 'platform', every: 15_000 },
  'cluster.schedule': { queue: 'clusters', tracked: false, owner: 'platform', every: 10_000 },
  'cluster.health-check': { queue: 'clusters', tracked: false, owner: 'platform' },
  'cluster.inventory-sync': { queue: 'clusters', tracked: false, owner: 'platform' },
  'ssh.key-health': { queue: 'clusters', tracked: false, owner: 'platform', every: 15 * MINUTE },
  'certificates.issue': { queue: 'system', tracked: false, owner: 'platform' },
  'certificates.renew-due': {
    queue: 'system',
    tracked: false,
    owner: 'platform',
    every: 12 * 60 * MINUTE,
  },
  'templates.scan-all': {
    queue: 'clusters',
    tracked: false,
    owner: 'platform',
    every: 10 * MINUTE,
  },
  'monitoring.collect': { queue: 'clusters', tracked: false, owner: 'platform', every: MINUTE },
  'monitoring.collect-cluster': { queue: 'clusters', tracked: false, owner: 'platform' },
  'monitoring.rollup': { queue: 'system', tracked: false, owner: 'platform', every: 5 * MINUTE },
  'usage.snapshot': { queue: 'system', tracked: false, owner: 'platform', every: 60 * MINUTE },
  'alerts.deliver': { queue: 'system', tracked: false, owner: 'company' },
  'tickets.notify': { queue: 'system', tracked: false, owner: 'company' },
  'tickets.sla-check': { queue: 'system', tracked: false, owner: 'platform', every: MINUTE },
  'backups.notify': { queue: 'system', tracked: false, owner: 'company' },
  'vm.create': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.remove-leftover': { queue: 'tasks', tracked: false, owner: 'company' },
  'vm.power': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.delete': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.resize': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.snapshot.create': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.snapshot.rollback': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.snapshot.delete': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.migrate': { queue: 'tasks', tracked: true, owner: 'company' },
  'vm.template': { queue: 'tasks', tracked: true, owner: 'company' },
  'templates.scan': { queue: 'tasks', tracked: true, owner: 'platform' },
  'ssh-keys.rotate': { queue: 'tasks', tracked: true, owner: 'platform' },
  'ssh-keys.push-bulk': { queue: 'tasks', tracked: true, owner: 'platform' },
  'backups.schedule-due': { queue: 'system', tracked: false, owner: 'platform', every: 30_000 },
  'backups.guest': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.restore': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.restore-test': { queue: 'tasks', tracked: true, owner: 'company' },
  'ipam.conflict-sweep': { queue: 'tasks', tracked: true, owner: 'platform' },
  'ipam.sdn-sync': { queue: 'tasks', tracked: true, owner: 'platform' },
  'ipam.reclaim-held': { queue: 'system', tracked: false, owner: 'platform', every: MINUTE },
  'esxi.discover': { queue: 'tasks', tracked: true, owner: 'company' },
  'deployments.run': { queue: 'tasks', tracked: true, owner: 'company' },
  'esxi.import': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.snapshot': { queue: 'tasks', tracked: true, owner: 'company' },
  'firewalls.deploy': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.dr-sync': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.dr-failover': { queue: 'tasks', tracked: true, owner: 'company' },
  'backups.dr-failback': { queue: 'tasks', tracked: true, owner: 'company' },
  'firewalls.apply-change': { queue: 'tasks', tracked: true, owner: 'company' },
  'certificates.host': { queue: 'tasks', tracked: true, owner: 'company' },
} as const satisfies Catalog;

type CatalogEntry = (typeof JOB_CATALOG)[JobName];
/** Jobs run by a BullMQ job scheduler (their payload is SYSTEM_PAYLOAD). */
export type RecurringJobName = {
  [N in JobName]: (typeof JOB_CATALOG)[N] extends { every: number } ? N : never;
}[JobName];

export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];
export const TRACKED_JOB_NAMES = JOB_NAMES.filter(
  (n): n is TrackedJobName => JOB_CATALOG[n].tracked,
);
export const RECURRING_JOB_NAMES = JOB_NAMES.filter(
  (n): n is RecurringJobName => (JOB_CATALOG[n] as JobSpec).every !== undefined,
);

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_CATALOG, name);
}

/** The catalog entry of a name read from outside (a BullMQ job, a Job row), or undefined. */
export function jobSpec(name: string): (JobSpec & CatalogEntry) | undefined {
  return isJobName(name) ? JOB_CATALOG[name] : undefined;
}
