import { Injectable } from '@nestjs/common';
import type {
  BackupNowInput,
  BackupRestoreAccepted,
  BackupRestoreInput,
  BackupRestoreJobParams,
  BackupRunAccepted,
  GuestBackup,
  GuestBackupList,
} from '@multpanel/contracts';
import { AccessService, type AccessibleGuest } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { JobsService } from '../jobs/jobs.service';
import { QuotasService } from '../quotas/quotas.service';
import { nodeOffline, vmLocked } from '../vms/vms.errors';
import { BackupRunsService } from './backup-runs.service';
import { BackupStoragesService } from './backup-storages.service';
import { toGuestBackup, toResultDto } from './backups.mapper';
import { BackupsRepository } from './backups.repository';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * One guest's backups (customer self-service: `vm.backup` and the guest's `backup` right): its
 * archives as Proxmox storage content lists them, backup now, protection, deletion and restore.
 * An archive is addressed by its volid and must be one of this guest's, on its node's storages.
 */
@Injectable()
export class GuestBackupsService {
  constructor(
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly storages: BackupStoragesService,
    private readonly runs: BackupRunsService,
    private readonly repo: BackupsRepository,
    private readonly guests: GuestsService,
    private readonly jobs: JobsService,
    private readonly quotas: QuotasService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, id: string): Promise<GuestBackupList> {
    const g = await this.guest(actor, id);
    const [archives, last] = await Promise.all([this.archives(g), this.repo.guestResults(g.id, 1)]);
    return { archives, last: last[0] ? toResultDto(last[0]) : null };
  }

  async backupNow(actor: Actor, id: string, input: BackupNowInput): Promise<BackupRunAccepted> {
    const g = await this.guest(actor, id);
    if (g.lock) throw vmLocked(g.lock);
    const stores = await this.storages.onNode(g.clusterId, g.node);
    const storage = input.storage ?? stores[0]?.storage;
    if (!storage || !stores.some((s) => s.storage === storage)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `storage: no backup storage "${input.storage ?? ''}" on node ${g.node}`,
        [{ path: 'storage', message: 'unknown backup storage', code: 'custom' }],
      );
    }
    const started = await this.runs.start({
      companyId: g.companyId!,
      scheduleId: null,
      trigger: 'manual',
      plannedAt: new Date(),
      actorId: actor.principal.userId,
      guests: [
        {
          id: g.id,
          companyId: g.companyId!,
          clusterId: g.clusterId,
          node: g.node,
          vmid: g.activeVmid!,
          kind: g.kind,
          name: g.name,
          status: g.status,
        },
      ],
      job: {
        storage,
        mode: input.mode,
        compress: input.compress,
        notesTemplate: input.notes ?? '{{guestname}}',
        protected: input.protected,
        pruneBackups: null,
      },
    });
    await this.audit(actor, 'backup.now', g, { storage, runId: started!.runId });
    return { runId: started!.runId, job: started!.firstJob };
  }

  async protect(actor: Actor, id: string, volid: string, on: boolean): Promise<GuestBackup> {
    const g = await this.guest(actor, id);
    const a = await this.archive(g, volid);
    const { api } = await this.connections.open(g.clusterId, 'interactive');
    await api.updateVolume(a.node, a.storage, a.volid, { protected: on });
    await this.audit(actor, on ? 'backup.protect' : 'backup.unprotect', g, { volid });
    return { ...a, protected: on };
  }

  async remove(actor: Actor, id: string, volid: string): Promise<void> {
    const g = await this.guest(actor, id);
    const a = await this.archive(g, volid);
    if (a.protected)
      throw new AppError('CONFLICT', 'This backup is protected; unprotect it before deleting it');
    const { api } = await this.connections.open(g.clusterId, 'interactive');
    const upid = await api.deleteVolume(a.node, a.storage, a.volid);
    if (upid) {
      await api.waitForTask(upid, { intervalMs: 200, timeoutMs: 30_000 });
    }
    await this.audit(actor, 'backup.delete', g, { volid });
  }

  async restore(
    actor: Actor,
    id: string,
    input: BackupRestoreInput,
  ): Promise<BackupRestoreAccepted> {
    const g = await this.guest(actor, id);
    const a = await this.archive(g, input.volid);
    const base = {
      volid: a.volid,
      sourceGuestId: g.id,
      kind: g.kind,
      clusterId: g.clusterId,
      start: input.start,
      disconnectNetwork: input.disconnectNetwork,
      storage: input.storage,
    };
    if (input.target === 'in-place') {
      const expected = g.name ?? String(g.activeVmid);
      if (input.confirm !== expected) {
        throw new AppError(
          'CONFIRM_MISMATCH',
          `Restoring in place overwrites the disks and configuration of "${expected}"` +
            `${g.status === 'running' ? ' and stops it first' : ''}: type its name to confirm`,
        );
      }
      if (g.lock) throw vmLocked(g.lock);
      if (input.storage)
        await this.storages.requireDiskStorage(g.clusterId, g.node, g.kind, input.storage);
      const job = await this.jobs.start(
        {
          type: 'backups.restore',
          companyId: g.companyId,
          actorId: actor.principal.userId,
          guestId: g.id,
          clusterId: g.clusterId,
          node: g.node,
          params: { ...base, target: 'in-place', node: g.node, vmid: g.activeVmid! },
          message: `Restore ${expected} in place from ${a.volid}`,
        },
        [`restore ${a.volid} over VMID ${g.activeVmid}`],
      );
      await this.audit(actor, 'backup.restore', g, { volid: a.volid, target: 'in-place' });
      return { job, vmId: g.id };
    }
    return this.restoreToNew(actor, g, a, input, base);
  }

  private async restoreToNew(
    actor: Actor,
    g: AccessibleGuest,
    a: GuestBackup,
    input: BackupRestoreInput,
    base: Omit<BackupRestoreJobParams, 'target' | 'node'>,
  ): Promise<BackupRestoreAccepted> {
    const node = input.node ?? g.node;
    const { api } = await this.connections.open(g.clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const target = (await api.nodes()).find((n) => n.node === node);
    if (!target) throw notFound('Node');
    if (target.status !== 'online') throw nodeOffline(node);
    // another node cannot read an archive on the source node's own disk
    if (node !== g.node && !(await this.storages.sharedOnNode(g.clusterId, g.node, a.storage)))
      throw new AppError(
        'VALIDATION_FAILED',
        `node: the backup is on ${g.node}'s own storage "${a.storage}"; restore it on ${g.node}`,
        [{ path: 'node', message: `the archive is not readable from ${node}`, code: 'custom' }],
      );
    if (input.storage)
      await this.storages.requireDiskStorage(g.clusterId, node, g.kind, input.storage);
    const name = input.name ?? `${g.name ?? `vm${g.activeVmid}`}-restore`.slice(0, 63);
    const cores = Math.max(1, Math.round(g.maxcpu ?? 1));
    const memoryBytes = g.maxmem ?? BigInt(512 * MIB);
    const diskBytes = g.maxdisk ?? 0n;
    const delta = {
      guests: 1,
      vcpus: cores,
      memoryMb: Math.ceil(Number(memoryBytes) / MIB),
      diskGb: Math.ceil(Number(diskBytes) / GIB),
    };
    const companyId = g.companyId!;
    const job = await this.quotas.reserve(companyId, delta, async (tx) => {
      const placeholder = await this.guests.insertPlaceholder(tx, {
        clusterId: g.clusterId,
        companyId,
        kind: g.kind,
        name,
        node,
        cores,
        memoryBytes,
        diskBytes,
        tags: [],
      });
      return this.jobs.create(
        {
          type: 'backups.restore',
          companyId,
          actorId: actor.principal.userId,
          guestId: placeholder.id,
          clusterId: g.clusterId,
          node,
          params: { ...base, target: 'new', node, name },
          message: `Restore ${a.volid} as ${name}`,
        },
        tx,
      );
    });
    const dto = await this.jobs.enqueue(job, [`restore ${a.volid} to a new guest on ${node}`]);
    await this.audit(actor, 'backup.restore', g, {
      volid: a.volid,
      target: 'new',
      newGuestId: job.guestId,
    });
    return { job: dto, vmId: job.guestId! };
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The guest with the `backup` right, existing on Proxmox. */
  private async guest(actor: Actor, id: string): Promise<AccessibleGuest> {
    const g = await this.access.requireGuest(actor, id, 'backup');
    if (g.activeVmid === null) throw vmLocked(g.lock ?? 'create');
    if (g.template) throw new AppError('VALIDATION_FAILED', 'Templates are not backed up here');
    return g;
  }

  /** Every archive of the guest's VMID on the backup storages its node sees, newest first. */
  private async archives(g: AccessibleGuest): Promise<GuestBackup[]> {
    const stores = await this.storages.onNode(g.clusterId, g.node);
    const { api } = await this.connections.open(g.clusterId, 'interactive');
    const lists = await Promise.all(
      stores.map((s) => api.backups(g.node, s.storage, g.activeVmid!)),
    );
    return lists
      .flat()
      .filter((v) => v.vmid === g.activeVmid)
      .map((v) => toGuestBackup(g.node, v))
      .sort((x, y) => (y.createdAt ?? '').localeCompare(x.createdAt ?? ''));
  }

  private async archive(g: AccessibleGuest, volid: string): Promise<GuestBackup> {
    const found = (await this.archives(g)).find((a) => a.volid === volid);
    if (!found) throw notFound('Backup');
    return found;
  }

  private audit(
    actor: Actor,
    action: string,
    g: AccessibleGuest,
    details: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: g.id,
      details,
    });
  }
}
