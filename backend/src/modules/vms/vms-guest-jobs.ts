import { Injectable } from '@nestjs/common';
import type {
  TrackedJobName,
  TrackedJobParams,
  VmJobAccepted,
  VmRight,
} from '@multpanel/contracts';
import { AccessService, type AccessibleGuest } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import type { ProxmoxApi } from '../../common/proxmox';
import { Prisma } from '../../generated/prisma/client';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { toJobDto } from '../jobs/jobs.mapper';
import type { JobRow } from '../jobs/jobs.repository';
import { JobsService, type NewJob } from '../jobs/jobs.service';
import { vmLocked } from './vms.errors';

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/**
 * What the VM services share: the guest checks on top of the access layer (exists on Proxmox, not
 * locked), the interactive connection to its cluster, and starting a tracked job for a guest.
 */
@Injectable()
export class VmGuestJobs {
  constructor(
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
  ) {}

  /** Visible with the right, and existing on Proxmox (not still being created). */
  async active(actor: Actor, id: string, right: VmRight): Promise<AccessibleGuest> {
    const g = await this.access.requireGuest(actor, id, right);
    if (g.activeVmid === null) throw vmLocked(g.lock ?? 'create');
    return g;
  }

  /** As `active`, and not locked by another operation. */
  async mutable(actor: Actor, id: string, right: VmRight): Promise<AccessibleGuest> {
    const g = await this.active(actor, id, right);
    if (g.lock && g.lock !== 'suspended') throw vmLocked(g.lock);
    return g;
  }

  /** The guest's cluster for a person waiting on the answer; 503 when it is known offline. */
  async api(g: { clusterId: string }): Promise<ProxmoxApi> {
    return (await this.connections.open(g.clusterId, 'interactive', { whenOffline: 'refuse' })).api;
  }

  async start<T extends TrackedJobName>(
    actor: Actor,
    g: AccessibleGuest,
    type: T,
    params: TrackedJobParams[T],
    message: string,
    idempotencyKey?: string,
  ): Promise<VmJobAccepted> {
    const data: NewJob<T> = {
      type,
      companyId: g.companyId,
      actorId: actor.principal.userId,
      guestId: g.id,
      clusterId: g.clusterId,
      node: g.node,
      params,
      message,
      idempotencyKey: idempotencyKey ?? null,
    };
    let job;
    try {
      job = await this.jobs.start(data, [message]);
    } catch (err) {
      const prior = await this.prior(actor, idempotencyKey, err);
      if (prior) return prior;
      throw err;
    }
    await this.activity.record({
      action: type,
      actor: actor.principal,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: g.id,
      details: { ...params, jobId: job.id },
    });
    return { job, vmId: g.id };
  }

  /** The job an Idempotency-Key already started (before, or racing in from a retried request). */
  async prior(actor: Actor, key: string | undefined, err?: unknown): Promise<VmJobAccepted | null> {
    if (!key || (err !== undefined && !isUniqueViolation(err))) return null;
    const job = await this.jobs.findByIdempotencyKey(actor.principal.userId, key);
    return job ? this.accepted(job) : null;
  }

  async accepted(job: JobRow): Promise<VmJobAccepted> {
    const full = await this.jobs.findById(job.id);
    return { job: toJobDto(full ?? job), vmId: job.guestId! };
  }
}
