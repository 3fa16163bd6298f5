import { Injectable, Logger } from '@nestjs/common';
import type { CreateVmInput, JobPayloads, TrackedJobParams } from '@multpanel/contracts';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { QueueService } from '../../common/queue/queue.service';
import { AppError } from '../../common/errors/app-error';
import {
  guestTaskTypes,
  retryPassingFaults,
  toInt,
  toNumber,
  toStr,
  type GuestTaskOp,
  type ProxmoxApi,
} from '../../common/proxmox';
import { RedisService } from '../../common/redis/redis.service';
import { releaseVmid, reserveVmid } from '../../common/proxmox/vmid-reservation';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import type { GuestChanges } from '../guests/guests.types';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import type { JobRow } from '../jobs/jobs.repository';
import { TemplatesService } from '../templates/templates.service';
import { VmGrantsRepository } from '../vm-grants/vm-grants.repository';
import { IpamService } from '../ipam/ipam.service';
import { afterCloneConfig, createParams, disksOf } from './vms-config';
import { JOB_SECRET_CONTEXT } from './vms.service';

type Raw = Record<string, unknown>;

/** Tries of `vm.remove-leftover` (5 s, 10 s, 20 s … apart: about 40 minutes in all). */
const LEFTOVER_ATTEMPTS = 10;

/**
 * The steps of every VM job (worker). Each is written to be re-run after a crash: steps already
 * done are skipped through checkpoints (`ctx.state`), running tasks are followed by their stored
 * UPID (`ctx.runTask`). VmsProcessor only routes jobs here.
 */
@Injectable()
export class VmsTasksService {
  private readonly logger = new Logger('VmJobs');

  constructor(
    private readonly repo: GuestsService,
    private readonly clusters: ClusterConnectionService,
    private readonly templates: TemplatesService,
    private readonly grants: VmGrantsRepository,
    private readonly cipher: SecretsCipher,
    private readonly redis: RedisService,
    private readonly queues: QueueService,
    private readonly ipam: IpamService,
  ) {}

  // --- create -----------------------------------------------------------------------------

  async create(ctx: JobRunContext<'vm.create'>) {
    const job = ctx.job;
    const p = ctx.params;
    const input = p.input;
    const api = await this.api(p.clusterId);
    const target = { clusterId: p.clusterId, node: p.node };
    const guestId = job.guestId!;
    const password = p.secret
      ? (JSON.parse(this.cipher.decrypt(p.secret, JOB_SECRET_CONTEXT)) as { password?: string })
          .password
      : undefined;
    const full: CreateVmInput = password
      ? { ...input, cloudInit: { ...input.cloudInit, password } }
      : input;

    let vmid = ctx.state.vmid as number | undefined;
    if (!vmid) {
      vmid = await reserveVmid(this.redis, api, p.clusterId);
      ctx.state.vmid = vmid;
      await ctx.save([`allocated VMID ${vmid}`]);
      await this.repo.update(guestId, { vmid });
    }
    const id = vmid;
    const kind = input.kind;
    const adopt = async () => {
      // The request may have reached Proxmox just before a crash: find its task instead of repeating it.
      const tasks = await api.nodeTasks(p.template?.node ?? p.node, {
        vmid: p.template?.vmid ?? id,
        source: 'all',
        limit: 20,
      });
      const t = tasks.find(
        (x) =>
          /^(qmclone|qmcreate|vzcreate|vzclone)$/.test(x.type) &&
          (x.id === String(id) || x.id === String(p.template?.vmid)),
      );
      return t?.upid ?? null;
    };

    if (!ctx.state.created) {
      await ctx.progress(2, p.template ? 'Cloning the template' : 'Creating the guest');
      if (p.template) {
        const cloneParams: Record<string, string | number | boolean | undefined> = {
          newid: id,
          full: input.source.type === 'template' && input.source.full ? true : undefined,
          target: p.node !== p.template.node ? p.node : undefined,
          description: input.description,
        };
        if (kind === 'qemu') cloneParams.name = input.name;
        else cloneParams.hostname = input.name;
        await ctx.runTask(
          'clone',
          api,
          { clusterId: p.clusterId, node: p.template.node },
          () => api.clone(p.template!.node, kind, p.template!.vmid, cloneParams as never),
          { from: 2, to: 70, adopt },
        );
      } else {
        const storages = input.disks.map((d) => d.storage ?? p.storage ?? 'local-lvm');
        await ctx.runTask(
          'create',
          api,
          target,
          () =>
            kind === 'qemu'
              ? api.createQemu(p.node, createParams(full, id, storages) as never)
              : api.createLxc(p.node, createParams(full, id, storages) as never),
          { from: 2, to: 85, adopt },
        );
      }
      ctx.state.created = true;
      await ctx.save();
    }

    if (p.template) {
      if (!ctx.state.configured) {
        await api.updateConfig(p.node, kind, id, afterCloneConfig(full) as never);
        ctx.state.configured = true;
        await ctx.save(['applied cores, memory, network and cloud-init settings']);
        await ctx.progress(75, 'Configured');
      }
      if (!ctx.state.resized) {
        const cfg = await api.guestConfig(p.node, kind, id);
        const disk = disksOf(kind, cfg)[0];
        const want = input.disks[0]?.sizeGb ?? 0;
        if (disk && disk.sizeGb !== null && want > disk.sizeGb) {
          await ctx.runTask(
            'resize',
            api,
            target,
            () => api.resizeDisk(p.node, kind, id, disk.key, `${want}G`),
            { from: 75, to: 88, task: task(kind, id, 'resize') },
          );
        }
        ctx.state.resized = true;
        await ctx.save();
      }
      if (input.start && !ctx.state.started) {
        await ctx.runTask('start', api, target, () => api.power(p.node, kind, id, 'start'), {
          from: 88,
          to: 98,
          task: task(kind, id, 'start'),
        });
        ctx.state.started = true;
        await ctx.save();
      }
    }
    const live = await this.read(ctx, () => api.guestStatus(p.node, kind, id));
    await this.repo.activate(guestId, p.clusterId, id, {
      status: toStr(live.status) ?? 'stopped',
      node: p.node,
      lock: null,
      ...(toNumber(live.maxmem) ? { maxmem: BigInt(Math.round(toNumber(live.maxmem)!)) } : {}),
      lastSeenAt: new Date(),
    });
    await releaseVmid(this.redis, p.clusterId, id);
    return { vmid: id, node: p.node, status: toStr(live.status) ?? 'stopped' };
  }

  /**
   * Release the reservation: the placeholder guest is marked gone, so quota usage drops again. A
   * half-made guest under the reserved VMID is removed by `vm.remove-leftover`, retried with back-off
   * (Proxmox refuses while its own task still holds the guest's lock, or while it cannot be reached).
   */
  async createFailed({ job, params: p, state, error }: JobFailure<'vm.create'>) {
    if (!job.guestId) return;
    const g = await this.repo.findById(job.guestId);
    if (!g || g.activeVmid !== null) return;
    await this.repo.markGone(job.guestId, 'failed');
    await this.ipam.releaseGuest(job.guestId, null, { immediate: true });
    this.logger.warn(`create ${job.id} failed, reservation released: ${error}`);
    const vmid = state.vmid as number | undefined;
    if (!vmid) return;
    await this.queues.enqueue(
      'vm.remove-leftover',
      {
        companyId: job.companyId,
        actor: { userId: job.actorId, type: job.actorId ? 'user' : 'system' },
        clusterId: p.clusterId,
        vmid,
        kind: p.input.kind,
        name: p.input.name,
      },
      {
        jobId: `leftover-${p.clusterId}-${vmid}`,
        attempts: LEFTOVER_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.leftoverBackoffMs },
      },
    );
  }

  /** First retry delay of `vm.remove-leftover` (doubles per attempt); tests shorten it. */
  leftoverBackoffMs = 5_000;

  /** Remove what a failed create left under its VMID; throws (BullMQ retries) while Proxmox refuses. */
  async removeLeftover(p: JobPayloads['vm.remove-leftover']) {
    const api = (await this.clusters.open(p.clusterId, 'background')).api;
    const found = (await api.clusterResources('vm')).find((r) => r.vmid === p.vmid);
    // Gone already (Proxmox removes a failed clone itself), or the VMID is someone else's now.
    if (!found?.node || (found.name !== undefined && found.name !== p.name)) {
      await releaseVmid(this.redis, p.clusterId, p.vmid);
      return { removed: false };
    }
    const running = await api.nodeTasks(found.node, { vmid: p.vmid, source: 'active' });
    if (running.length) {
      throw new Error(`VMID ${p.vmid} still has a running task (${running[0].type}); later`);
    }
    const upid = await api.deleteGuest(found.node, p.kind, p.vmid, {
      purge: true,
      'destroy-unreferenced-disks': true,
    });
    await api.waitForTask(upid, { intervalMs: 500, timeoutMs: 10 * 60_000 });
    await releaseVmid(this.redis, p.clusterId, p.vmid);
    this.logger.log(`removed the leftover of a failed create: VMID ${p.vmid}`);
    return { removed: true };
  }

  // --- single-task operations --------------------------------------------------------------

  async power(ctx: JobRunContext<'vm.power'>) {
    const { g, api } = await this.guest(ctx.job);
    const action = ctx.params.action;
    const vmid = g.activeVmid!;
    await ctx.runTask(
      action,
      api,
      { clusterId: g.clusterId, node: g.node },
      () => api.power(g.node, g.kind, vmid, action),
      { task: task(g.kind, vmid, action) },
    );
    return this.refreshAfterTask(ctx, g.id, api);
  }

  async remove(ctx: JobRunContext<'vm.delete'>) {
    const { g, api } = await this.guest(ctx.job);
    const purge = Boolean(ctx.params.purge);
    const target = { clusterId: g.clusterId, node: g.node };
    const vmid = g.activeVmid!;
    // Resumed after a step was sent (or was being sent: its pending marker): the stop, if any, was
    // decided already, and the guest may be gone by now (a destroy that ran), so its status is not read.
    const status =
      ctx.state.step || ctx.state.pending
        ? null
        : toStr((await this.read(ctx, () => api.guestStatus(g.node, g.kind, vmid))).status);
    if (status === 'running' || ctx.state.step === 'stop' || ctx.state.pending === 'stop') {
      await ctx.runTask('stop', api, target, () => api.power(g.node, g.kind, vmid, 'stop'), {
        from: 0,
        to: 40,
        task: task(g.kind, vmid, 'stop'),
      });
    }
    await ctx.runTask(
      'destroy',
      api,
      target,
      () => api.deleteGuest(g.node, g.kind, vmid, { purge, 'destroy-unreferenced-disks': true }),
      { from: 40, to: 95, task: task(g.kind, vmid, 'destroy') },
    );
    await this.repo.markGone(g.id, 'deleted');
    await this.grants.removeForGuest(g.id);
    // Its IPAM addresses are held for their range's hold period, then free again.
    await this.ipam.releaseGuest(g.id, ctx.job.actorId);
    return { vmid, deleted: true };
  }

  async resize(ctx: JobRunContext<'vm.resize'>) {
    const { g, api } = await this.guest(ctx.job);
    const { disk, sizeGb } = ctx.params;
    const vmid = g.activeVmid!;
    await ctx.runTask(
      'resize',
      api,
      { clusterId: g.clusterId, node: g.node },
      () => api.resizeDisk(g.node, g.kind, vmid, disk, `${sizeGb}G`),
      { task: task(g.kind, vmid, 'resize') },
    );
    return { disk, sizeGb };
  }

  /** Give back the disk size the API added to the quota usage. */
  async resizeFailed({ job, params }: JobFailure<'vm.resize'>) {
    const { growGb } = params;
    const g = job.guestId ? await this.repo.findById(job.guestId) : null;
    if (g && growGb) {
      await this.repo.update(g.id, {
        maxdisk: BigInt(Math.max(0, Number(g.maxdisk ?? 0) - growGb * 1024 ** 3)),
      });
    }
  }

  async snapshot(
    ctx: JobRunContext<'vm.snapshot.create' | 'vm.snapshot.rollback' | 'vm.snapshot.delete'>,
    op: 'create' | 'rollback' | 'delete',
  ) {
    const { g, api } = await this.guest(ctx.job);
    const s: TrackedJobParams['vm.snapshot.create'] = ctx.params;
    const vmid = g.activeVmid!;
    const taskOp = op === 'create' ? 'snapshot' : op === 'delete' ? 'delsnapshot' : 'rollback';
    await ctx.runTask(
      `snapshot ${op}`,
      api,
      { clusterId: g.clusterId, node: g.node },
      () => {
        if (op === 'create') {
          return api.createSnapshot(g.node, g.kind, vmid, s.name, {
            description: s.description,
            ...(g.kind === 'qemu' && s.includeRam ? { vmstate: true } : {}),
          });
        }
        return op === 'rollback'
          ? api.rollbackSnapshot(g.node, g.kind, vmid, s.name)
          : api.deleteSnapshot(g.node, g.kind, vmid, s.name);
      },
      { task: task(g.kind, vmid, taskOp) },
    );
    if (op === 'rollback') await this.refreshAfterTask(ctx, g.id, api);
    return { snapshot: s.name };
  }

  async migrate(ctx: JobRunContext<'vm.migrate'>) {
    const { g, api } = await this.guest(ctx.job);
    const { targetNode, online } = ctx.params;
    const vmid = g.activeVmid!;
    await ctx.runTask(
      'migrate',
      api,
      { clusterId: g.clusterId, node: g.node },
      () =>
        api.migrate(
          g.node,
          g.kind,
          vmid,
          targetNode,
          g.kind === 'qemu' ? { online, 'with-local-disks': true } : { restart: online },
        ),
      { task: task(g.kind, vmid, 'migrate') },
    );
    await this.repo.update(g.id, { node: targetNode });
    return this.refreshAfterTask(ctx, g.id, api);
  }

  async template(ctx: JobRunContext<'vm.template'>) {
    const { g, api } = await this.guest(ctx.job);
    const vmid = g.activeVmid!;
    await ctx.runTask(
      'template',
      api,
      { clusterId: g.clusterId, node: g.node },
      () => api.convertToTemplate(g.node, g.kind, vmid),
      { task: task(g.kind, vmid, 'template') },
    );
    await this.repo.update(g.id, { template: true, status: 'stopped', lock: null });
    await this.templates.registerConverted(
      g.clusterId,
      { node: g.node, vmid: g.activeVmid!, kind: g.kind, name: g.name ?? `template-${g.vmid}` },
      g.companyId!,
    );
    return { template: true };
  }

  // --- helpers ----------------------------------------------------------------------------

  private async api(clusterId: string): Promise<ProxmoxApi> {
    return (await this.clusters.open(clusterId, 'interactive')).api;
  }

  private async guest(job: JobRow) {
    const g = job.guestId ? await this.repo.findById(job.guestId) : null;
    if (!g || g.activeVmid === null) throw new AppError('NOT_FOUND', 'The VM no longer exists');
    return { g, api: await this.api(g.clusterId) };
  }

  /** A read around a task: passing faults are retried, so one bad answer does not fail the job. */
  private read<T>(ctx: JobRunContext, fn: () => Promise<T>): Promise<T> {
    return retryPassingFaults(fn, { signal: ctx.signal });
  }

  /**
   * After a task that succeeded: the job succeeded whatever this read meets (the inventory sync
   * catches up if Proxmox cannot answer now).
   */
  private async refreshAfterTask(ctx: JobRunContext, guestId: string, api: ProxmoxApi) {
    try {
      return await this.refresh(guestId, api, ctx.signal);
    } catch (err) {
      await ctx.log([`could not read the guest's state afterwards: ${(err as Error).message}`]);
      return {};
    }
  }

  /** Inventory follows the operation at once: status, lock and resources from Proxmox. */
  private async refresh(guestId: string, api: ProxmoxApi, signal?: AbortSignal) {
    const g = await this.repo.findById(guestId);
    if (!g || g.activeVmid === null) return {};
    const vmid = g.activeVmid;
    const s: Raw = await retryPassingFaults(() => api.guestStatus(g.node, g.kind, vmid), {
      signal,
    });
    const data: GuestChanges = {
      status: toStr(s.status) ?? g.status,
      lock: toStr(s.lock) ?? null,
      lastSeenAt: new Date(),
    };
    const cpus = toNumber(s.cpus);
    if (cpus) data.maxcpu = cpus;
    const maxmem = toNumber(s.maxmem);
    if (maxmem) data.maxmem = BigInt(Math.round(maxmem));
    const uptime = toInt(s.uptime);
    await this.repo.update(guestId, data);
    return { status: data.status, uptime };
  }

  /** After a failed operation: the guest's status, lock and resources as Proxmox has them now. */
  async resync({ job }: JobFailure) {
    if (!job.guestId || !job.clusterId) return;
    await this.refresh(job.guestId, await this.api(job.clusterId)).catch(() => undefined);
  }
}

/** What a guest step's task looks like in the node's task list (for finding it after a crash). */
function task(kind: 'qemu' | 'lxc', vmid: number, op: GuestTaskOp) {
  return { vmid, types: guestTaskTypes(kind, op) };
}
