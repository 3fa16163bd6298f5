import { Injectable, Module } from '@nestjs/common';
import {
  TRACKED_JOB_NAMES,
  type TrackedJobName,
  type TrackedJobParams,
} from '@multpanel/contracts';
import type { JobRunContext, JobState } from '../../src/modules/jobs/job-context';
import { ON_JOB, type OnJobMeta } from '../../src/modules/jobs/job.decorators';

/** Valid params for every tracked job of the catalog (the compiler checks none is missing). */
export const SAMPLE_PARAMS: { [N in TrackedJobName]: TrackedJobParams[N] } = {
  'vm.create': {
    input: {
      companyId: '00000000-0000-4000-8000-000000000001',
      kind: 'qemu',
      source: { type: 'template', templateId: '00000000-0000-4000-8000-000000000002' },
      name: 'stub',
      cores: 1,
      memoryMb: 512,
      disks: [{ sizeGb: 8 }],
      networks: [{ bridge: 'vmbr0' }],
    } as TrackedJobParams['vm.create']['input'],
    clusterId: '00000000-0000-4000-8000-000000000003',
    node: 'pve1',
    storage: null,
  },
  'vm.power': { action: 'start' },
  'vm.delete': { purge: true },
  'vm.resize': { disk: 'scsi0', sizeGb: 20, growGb: 10 },
  'vm.snapshot.create': { name: 'before' },
  'vm.snapshot.rollback': { name: 'before' },
  'vm.snapshot.delete': { name: 'before' },
  'vm.migrate': { targetNode: 'pve2', online: true },
  'vm.template': {},
  'templates.scan': { clusterId: null },
  'ssh-keys.rotate': {},
  'ssh-keys.push-bulk': { clusterIds: [] },
  'backups.guest': {
    runId: '00000000-0000-4000-8000-000000000004',
    resultId: '00000000-0000-4000-8000-000000000005',
    storage: 'local',
    mode: 'snapshot',
    compress: 'zstd',
  },
  'backups.restore': {
    volid: 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst',
    sourceGuestId: '00000000-0000-4000-8000-000000000006',
    kind: 'qemu',
    target: 'new',
    clusterId: '00000000-0000-4000-8000-000000000003',
    node: 'pve1',
  },
  'esxi.discover': { sourceId: '00000000-0000-4000-8000-000000000007' },
  'certificates.host': {
    certificateId: '00000000-0000-4000-8000-000000000010',
    host: 'portal.example.test',
  },
  'deployments.run': {
    deploymentId: '00000000-0000-4000-8000-000000000008',
    releaseId: '00000000-0000-4000-8000-000000000009',
    action: 'deploy',
  },
  'ipam.conflict-sweep': {
    sweepId: '00000000-0000-4000-8000-000000000009',
    clusterId: '00000000-0000-4000-8000-000000000003',
  },
  'ipam.sdn-sync': {
    rangeId: '00000000-0000-4000-8000-000000000009',
    clusterId: '00000000-0000-4000-8000-000000000003',
  },
  'backups.restore-test': {
    restoreTestId: '00000000-0000-4000-8000-000000000008',
    clusterId: '00000000-0000-4000-8000-000000000003',
    node: 'pve1',
    volid: 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst',
    kind: 'qemu',
    bootTimeoutSec: 60,
  },
  'esxi.import': {
    sourceId: '00000000-0000-4000-8000-000000000007',
    esxiVmId: '00000000-0000-4000-8000-000000000008',
    clusterId: '00000000-0000-4000-8000-000000000003',
    node: 'pve1',
    esxiStorage: 'esxi-000000000007',
    volid: 'esxi-000000000007:ha-datacenter/LocalDS_0/vm/vm.vmx',
    storage: 'local-lvm',
    name: 'vm',
    nics: [{ key: 'net0', bridge: 'vmbr0' }],
    start: false,
    live: false,
  },
  'backups.snapshot': {
    scheduleId: '00000000-0000-4000-8000-000000000009',
    snapshot: 'auto_0a1b2c3d_20260101020000',
    tag: '0a1b2c3d',
    keepLast: 3,
    maxAgeHours: null,
    includeRam: false,
  },
  'firewalls.deploy': {
    deploymentId: '00000000-0000-4000-8000-000000000009',
    mode: 'deploy',
    input: {
      companyId: '00000000-0000-4000-8000-000000000001',
      clusterId: '00000000-0000-4000-8000-000000000003',
      node: 'pve1',
      templateVmid: 9003,
      name: 'fw',
      wanBridge: 'vmbr0',
      lanBridge: 'vmbr1',
      wanRangeId: '00000000-0000-4000-8000-00000000000a',
      lanRangeId: '00000000-0000-4000-8000-00000000000b',
      isoStorage: 'local',
      webguiPort: 443,
      managementNetworks: ['192.0.2.0/24'],
      authMethod: 'api_key',
    },
    sealedKey: 'sealed',
    sealedSecret: 'sealed',
    wan: { prefix: 24, gateway: null },
  },
  'backups.dr-sync': {
    pairId: '00000000-0000-4000-8000-00000000000c',
    drGuestId: '00000000-0000-4000-8000-00000000000d',
  },
  'backups.dr-failover': {
    pairId: '00000000-0000-4000-8000-00000000000c',
    drGuestId: '00000000-0000-4000-8000-00000000000d',
  },
  'backups.dr-failback': {
    pairId: '00000000-0000-4000-8000-00000000000c',
    drGuestId: '00000000-0000-4000-8000-00000000000d',
  },
  'firewalls.apply-change': {
    firewallId: '00000000-0000-4000-8000-00000000000c',
    changeId: '00000000-0000-4000-8000-00000000000d',
  },
};

export interface StubRun {
  type: string;
  jobId: string;
  params: unknown;
  state: JobState;
}

/**
 * Stands in for every tracked job's handler, registered through the same `@OnJob` metadata the
 * real processors carry, so the framework's checks run over the whole catalog without Proxmox.
 * `behaviour` decides what a run does (default: succeed at once).
 */
@Injectable()
export class StubJobHandlers {
  readonly runs: StubRun[] = [];
  behaviour: (ctx: JobRunContext) => Promise<unknown> = async () => ({ stub: true });
}

for (const name of TRACKED_JOB_NAMES) {
  const handler = async function (this: StubJobHandlers, ctx: JobRunContext): Promise<unknown> {
    this.runs.push({ type: name, jobId: ctx.job.id, params: ctx.params, state: { ...ctx.state } });
    return this.behaviour(ctx);
  };
  Reflect.defineMetadata(ON_JOB, { name, options: {} } satisfies OnJobMeta, handler);
  Object.defineProperty(StubJobHandlers.prototype, `run ${name}`, {
    value: handler,
    configurable: true,
  });
}

@Module({ providers: [StubJobHandlers] })
export class StubJobHandlersModule {}

/** Resolves when `signal` aborts (a handler that runs until its worker is killed). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error('worker stopped')), { once: true }),
  );
}
