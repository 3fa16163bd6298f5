import { Injectable } from '@nestjs/common';
import {
  JOB_CATALOG,
  type GuestLockView,
  type JobPayloads,
  type LeftoverRetried,
  type LeftoverState,
  type LeftoverView,
  type LeftoversOverview,
  type UnlockResult,
} from '@multpanel/contracts';
import type { Job } from 'bullmq';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import { QueueService } from '../../common/queue/queue.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';

const LEFTOVER = 'vm.remove-leftover';
const LISTED_STATES: LeftoverState[] = ['waiting', 'delayed', 'active', 'failed'];
type LeftoverJob = Job<JobPayloads[typeof LEFTOVER]>;

/**
 * What faults leave behind on Proxmox, for the MSP staff (issue 15): guest locks that no running task
 * holds (a task that died with its lock), and guests a failed create left that `vm.remove-leftover`
 * has not removed yet. Unlocking uses Proxmox's documented way, deleting the `lock` option of the
 * guest's config (`PUT …/config delete=lock`, with `skiplock` for QEMU).
 */
@Injectable()
export class LeftoversService {
  constructor(
    private readonly guests: GuestsService,
    private readonly clusters: ClusterConnectionService,
    private readonly queues: QueueService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async overview(): Promise<LeftoversOverview> {
    const [locks, leftovers] = await Promise.all([this.locks(), this.leftovers()]);
    return { locks, leftovers };
  }

  /** Locked guests, each with whether a task on its node still runs for it (one read per node). */
  async locks(): Promise<GuestLockView[]> {
    const rows = await this.guests.locked();
    const running = new Map<string, Promise<Map<number, string> | null>>();
    const tasksOn = (clusterId: string, node: string) => {
      const key = `${clusterId}/${node}`;
      if (!running.has(key)) running.set(key, this.activeTasks(clusterId, node));
      return running.get(key)!;
    };
    return Promise.all(
      rows.map(async (g): Promise<GuestLockView> => {
        const tasks = await tasksOn(g.clusterId, g.node);
        const task = tasks?.get(g.activeVmid!) ?? null;
        return {
          guestId: g.id,
          clusterId: g.clusterId,
          clusterName: g.cluster.name,
          node: g.node,
          vmid: g.activeVmid!,
          kind: g.kind,
          name: g.name,
          lock: g.lock!,
          companyId: g.companyId,
          state: tasks === null ? 'unknown' : task ? 'task-running' : 'stale',
          task,
        };
      }),
    );
  }

  /** Removes a guest's lock when no task runs for it; refuses (409) while one does. */
  async unlock(actor: Actor, guestId: string): Promise<UnlockResult> {
    const g = await this.guests.findById(guestId);
    if (!g || g.goneAt || g.activeVmid === null) throw notFound('Guest');
    await this.access.requireAdministeredCluster(actor, g.clusterId);
    const vmid = g.activeVmid;
    const { api } = await this.clusters.open(g.clusterId, 'interactive');
    const lock = (await api.guestConfig(g.node, g.kind, vmid, { current: true })).lock;
    if (typeof lock !== 'string' || !lock) {
      await this.guests.update(g.id, { lock: null });
      throw new AppError('CONFLICT', `Guest ${vmid} is not locked (any more)`);
    }
    const [task] = await api.nodeTasks(g.node, { vmid, source: 'active' });
    if (task) {
      throw new AppError(
        'CONFLICT',
        `The lock '${lock}' of guest ${vmid} belongs to a running task (${task.type}); wait for it or stop it first`,
      );
    }
    await api.updateConfig(
      g.node,
      g.kind,
      vmid,
      g.kind === 'qemu' ? { delete: 'lock', skiplock: 1 } : { delete: 'lock' },
    );
    await this.guests.update(g.id, { lock: null });
    await this.activity.record({
      action: 'guest.unlock',
      companyId: g.companyId,
      actor: actor.principal,
      resourceType: 'vm',
      resourceId: g.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { lock, node: g.node, vmid },
    });
    return { guestId: g.id, removed: lock };
  }

  /** Removals still to do: queued, waiting for their next try, running, or given up. */
  async leftovers(): Promise<LeftoverView[]> {
    const jobs = (await this.queue().getJobs(LISTED_STATES, 0, 999)) as LeftoverJob[];
    const mine = jobs.filter((j) => j?.name === LEFTOVER);
    const names = new Map<string, string | null>();
    for (const id of new Set(mine.map((j) => j.data.clusterId))) {
      names.set(
        id,
        await this.clusters.open(id, 'interactive').then(
          (c) => c.name,
          () => null,
        ),
      );
    }
    const views = await Promise.all(
      mine.map(async (j): Promise<LeftoverView> => {
        const state = (await j.getState()) as LeftoverState;
        return {
          clusterId: j.data.clusterId,
          clusterName: names.get(j.data.clusterId) ?? null,
          vmid: j.data.vmid,
          kind: j.data.kind,
          name: j.data.name,
          state,
          attempts: j.attemptsMade,
          maxAttempts: j.opts.attempts ?? 1,
          lastError: j.failedReason || null,
          nextTryAt:
            state === 'delayed' ? new Date(j.timestamp + (j.delay ?? 0)).toISOString() : null,
        };
      }),
    );
    return views.filter((v) => LISTED_STATES.includes(v.state));
  }

  /** Runs a removal now: a waiting retry is brought forward, a given-up one starts over. */
  async retryLeftover(actor: Actor, clusterId: string, vmid: number): Promise<LeftoverRetried> {
    await this.access.requireAdministeredCluster(actor, clusterId);
    const job = (await this.queue().getJob(`leftover-${clusterId}-${vmid}`)) as
      LeftoverJob | undefined;
    if (!job || job.name !== LEFTOVER) throw notFound('Leftover');
    const state = await job.getState();
    if (state === 'delayed') await job.promote();
    else if (state === 'failed') await job.retry('failed', { resetAttemptsMade: true });
    else if (state === 'completed') throw notFound('Leftover');
    else throw new AppError('CONFLICT', `The removal of VMID ${vmid} is already ${state}`);
    await this.activity.record({
      action: 'leftover.retry',
      companyId: job.data.companyId,
      actor: actor.principal,
      resourceType: 'cluster',
      resourceId: clusterId,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { vmid, name: job.data.name, was: state },
    });
    return { clusterId, vmid, was: state === 'delayed' ? 'delayed' : 'failed' };
  }

  private queue() {
    return this.queues.queue(JOB_CATALOG[LEFTOVER].queue);
  }

  /** Active tasks on a node by VMID (the task type), or null when the node cannot be asked. */
  private async activeTasks(clusterId: string, node: string): Promise<Map<number, string> | null> {
    try {
      const { api } = await this.clusters.open(clusterId, 'interactive');
      const tasks = await api.nodeTasks(node, { source: 'active' });
      return new Map(
        tasks.filter((t) => t.id && /^\d+$/.test(t.id)).map((t) => [Number(t.id), t.type]),
      );
    } catch {
      return null;
    }
  }
}
