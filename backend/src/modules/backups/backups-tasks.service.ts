import { guestTaskTypes } from '../../common/proxmox/upid';
import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { ProxmoxError, toStr, type ProxmoxApi } from '../../common/proxmox';
import { reserveVmid } from '../../common/proxmox/vmid-reservation';
import { RedisService } from '../../common/redis/redis.service';
import type { BackupResult } from '../../generated/prisma/client';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { NodeSemaphore } from '../jobs/node-semaphore';
import { BackupFeeder } from './backup-feed.service';
import { BackupsRepository } from './backups.repository';
import { IpamService } from '../ipam/ipam.service';
import { CopyAddressesService } from './copy-addresses.service';
import { disconnectedNetworks } from './restore-config';

const FINAL = new Set(['succeeded', 'failed', 'missed']);
const START_ATTEMPTS = 3;

/** A failure worth trying again: the request never reached Proxmox or it was briefly unavailable. */
function transient(err: unknown): boolean {
  if (err instanceof ProxmoxError) return err.transient;
  const code = (err as { code?: string }).code;
  return (
    code === 'DEPENDENCY_UNAVAILABLE' || code === 'DEPENDENCY_TIMEOUT' || code === 'CLUSTER_BUSY'
  );
}

/**
 * The backup jobs' steps (worker). Each is safe to re-run after a crash: a vzdump or restore task is
 * started once (its UPID is a checkpoint, `ctx.runTask`), a result already final is left alone.
 */
@Injectable()
export class BackupsTasksService {
  private readonly logger = new Logger('BackupJobs');

  constructor(
    private readonly repo: BackupsRepository,
    private readonly guests: GuestsService,
    private readonly connections: ClusterConnectionService,
    private readonly redis: RedisService,
    private readonly addresses: CopyAddressesService,
    private readonly ipam: IpamService,
    private readonly feeder: BackupFeeder,
  ) {}

  // --- one guest's backup ----------------------------------------------------------------------

  async backupGuest(ctx: JobRunContext<'backups.guest'>) {
    const p = ctx.params;
    const r = await this.repo.result(p.resultId);
    if (!r) return { skipped: 'the run is gone' };
    if (FINAL.has(r.status)) {
      // Resumed after a kill between its result and the hand-off: hand off now.
      await this.feedNext(r);
      return { status: r.status, volid: r.volid };
    }
    const started = ctx.state.requestedAt !== undefined;
    if (!started && p.notAfter && Date.now() > Date.parse(p.notAfter)) {
      await this.finish(r, { status: 'missed', error: `not started before ${p.notAfter}` });
      return { status: 'missed' };
    }
    const g = await this.guests.findById(r.guestId);
    if (!g || g.goneAt || g.activeVmid === null) throw new Error('The guest no longer exists');
    const node = (ctx.state.node as string | undefined) ?? g.node;
    const vmid = g.activeVmid;
    if (!started) {
      ctx.state.node = node;
      ctx.state.requestedAt = Math.floor(Date.now() / 1000);
      await ctx.save();
      await this.repo.updateResult(r.id, { status: 'running', node, startedAt: new Date() });
      await this.repo.settleRun(r.runId);
    }
    const { api } = await this.connections.open(r.clusterId, 'background');
    const params = {
      vmid: String(vmid),
      storage: p.storage,
      mode: p.mode,
      compress: p.compress,
      ...(p.notesTemplate ? { 'notes-template': p.notesTemplate } : {}),
      ...(p.protected ? { protected: true } : {}),
      ...(p.pruneBackups ? { 'prune-backups': p.pruneBackups } : {}),
    };
    const since = ctx.state.requestedAt as number;
    const adopt = async () => {
      const tasks = await api.nodeTasks(node, { vmid, source: 'all', limit: 20 });
      const t = tasks.find(
        (x) => x.type === 'vzdump' && x.id === String(vmid) && (x.starttime ?? 0) >= since - 5,
      );
      return t?.upid ?? null;
    };
    // The schedule's per-storage cap, taken before the node's slot (always in this order, so no
    // two jobs wait on each other). Holder is the job: a resumed job re-enters its own slot.
    const storageSlots = p.storageLimit
      ? new NodeSemaphore(
          this.redis.client,
          (c, s) => this.redis.key('storage-slots', c, s),
          p.storageLimit,
        )
      : null;
    let renew: NodeJS.Timeout | undefined;
    if (storageSlots) {
      await ctx.progress(2, `Waiting for a slot on storage ${p.storage}`);
      await storageSlots.acquire(r.clusterId, p.storage, ctx.job.id, ctx.signal);
      renew = setInterval(
        () => void storageSlots.renew(r.clusterId, p.storage, ctx.job.id).catch(() => undefined),
        60_000,
      );
    }
    try {
      await this.vzdump(ctx, api, r.clusterId, node, params, adopt);
    } finally {
      clearInterval(renew);
      // A stopping worker keeps the slot (its task still runs) until the job resumes elsewhere.
      if (storageSlots && !ctx.signal.aborted)
        await storageSlots.release(r.clusterId, p.storage, ctx.job.id);
    }
    const upid = ctx.state.upid as string | undefined;
    const archive = await this.findArchive(api, node, p.storage, vmid, upid, since);
    const done = await this.finish(
      r,
      {
        status: 'succeeded',
        upid: upid ?? null,
        volid: archive?.volid ?? null,
        sizeBytes: archive ? BigInt(Math.round(archive.size)) : null,
        durationMs: Date.now() - since * 1000,
      },
      ctx.signal,
    );
    await ctx.progress(100, archive ? `Backed up to ${archive.volid}` : 'Backed up');
    return { status: done.status, volid: done.volid };
  }

  /** Starts the vzdump once (a start that never became a task is retried) and follows it. */
  private async vzdump(
    ctx: JobRunContext<'backups.guest'>,
    api: ProxmoxApi,
    clusterId: string,
    node: string,
    params: Parameters<ProxmoxApi['vzdump']>[1],
    adopt: () => Promise<string | null>,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.runTask('vzdump', api, { clusterId, node }, () => api.vzdump(node, params), {
          from: 5,
          to: 90,
          adopt,
        });
        return;
      } catch (err) {
        // Only a start that never became a task is retried; a task that ran and failed is final.
        if (attempt >= START_ATTEMPTS || ctx.state.upid || !transient(err)) throw err;
        await ctx.log([`could not start the backup (${(err as Error).message}); retry ${attempt}`]);
        await delay(500 * 2 ** attempt);
      }
    }
  }

  async backupGuestFailed(f: JobFailure<'backups.guest'>) {
    const r = await this.repo.result(f.params.resultId);
    if (!r || FINAL.has(r.status)) return;
    await this.finish(r, {
      status: 'failed',
      error: f.error.slice(0, 4000),
      upid: (f.state.upid as string | undefined) ?? null,
    });
  }

  /** The archive the task wrote: named in its log, else the newest of the VMID since the start. */
  private async findArchive(
    api: ProxmoxApi,
    node: string,
    storage: string,
    vmid: number,
    upid: string | undefined,
    since: number,
  ) {
    let file: string | undefined;
    if (upid) {
      const log = await api.taskLog(node, upid, 0, 500).catch(() => ({ lines: [] }));
      for (const l of log.lines) {
        const m = /creating (?:vzdump|Proxmox Backup Server) archive '([^']+)'/.exec(l.t);
        if (m) file = m[1].split('/').pop();
      }
    }
    const list = await api.backups(node, storage, vmid);
    const mine = list.filter((v) => v.vmid === vmid);
    return (
      (file && mine.find((v) => v.volid.endsWith(`/${file}`) || v.volid.endsWith(file!))) ||
      mine
        .filter((v) => (v.ctime ?? 0) >= since - 5)
        .sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))[0]
    );
  }

  private async finish(
    r: BackupResult,
    data: {
      status: string;
      error?: string | null;
      upid?: string | null;
      volid?: string | null;
      sizeBytes?: bigint | null;
      durationMs?: number;
    },
    signal?: AbortSignal,
  ): Promise<BackupResult> {
    const row = await this.repo.updateResult(r.id, { ...data, finishedAt: new Date() });
    // The run's last result moves it to its final status once (row lock): one mail per bad run.
    await this.feeder.settle(r.runId);
    // A stopping worker does not feed (its enqueue could be lost): the job stays running, and the
    // worker that resumes it finds the result final and feeds then.
    if (signal?.aborted) throw new Error('worker stopped');
    await this.feedNext(r);
    return row;
  }

  /** The node's next waiting guests get jobs (a failed feed is retried by the due check). */
  private async feedNext(r: BackupResult): Promise<void> {
    await this.feeder
      .feed(r.runId, r.clusterId, r.node)
      .catch((err: Error) =>
        this.logger.warn(`run ${r.runId}: could not feed ${r.node}: ${err.message}`),
      );
  }

  // --- restore ---------------------------------------------------------------------------------

  async restore(ctx: JobRunContext<'backups.restore'>) {
    const p = ctx.params;
    const guestId = ctx.job.guestId!;
    const { api } = await this.connections.open(p.clusterId, 'background');
    const target = { clusterId: p.clusterId, node: p.node };
    let vmid = (ctx.state.vmid as number | undefined) ?? p.vmid;
    if (p.target === 'new' && !vmid) {
      // Claimed like a create's VMID: parallel restores (and creates, imports) never get the same id.
      vmid = await reserveVmid(this.redis, api, p.clusterId);
      ctx.state.vmid = vmid;
      await ctx.save([`restoring as VMID ${vmid}`]);
      await this.guests.update(guestId, { vmid });
    }
    const id = vmid!;
    if (p.target === 'in-place' && !ctx.state.stopped) {
      const status = toStr((await api.guestStatus(p.node, p.kind, id)).status);
      if (status === 'running') {
        await ctx.runTask('stop', api, target, () => api.power(p.node, p.kind, id, 'stop'), {
          from: 0,
          to: 10,
          task: { vmid: id, types: guestTaskTypes(p.kind, 'stop') },
        });
      }
      ctx.state.stopped = true;
      await ctx.save();
    }
    if (!ctx.state.restored) {
      await ctx.progress(10, `Restoring ${p.volid}`);
      const opts = {
        vmid: id,
        archive: p.volid,
        ...(p.storage ? { storage: p.storage } : {}),
        ...(p.target === 'in-place' ? { force: true } : { unique: true }),
      };
      await ctx.runTask(
        'restore',
        api,
        target,
        () => (p.kind === 'qemu' ? api.restoreQemu(p.node, opts) : api.restoreLxc(p.node, opts)),
        {
          from: 10,
          to: 85,
          adopt: async () => {
            const tasks = await api.nodeTasks(p.node, { vmid: id, source: 'all', limit: 20 });
            const t = tasks.find(
              (x) => /^(qmrestore|vzrestore)$/.test(x.type) && x.id === String(id),
            );
            return t?.upid ?? null;
          },
        },
      );
      ctx.state.restored = true;
      await ctx.save();
    }
    if (!ctx.state.configured) {
      const cfg = await api.guestConfig(p.node, p.kind, id);
      let change: Record<string, string> = {};
      const log: string[] = [];
      if (p.target === 'new') {
        if (p.name) change[p.kind === 'qemu' ? 'name' : 'hostname'] = p.name;
        // the copy never keeps the source's addresses (IPAM)
        const re = await this.addresses.readdress(
          api,
          { ...target, guestId, companyId: ctx.job.companyId!, kind: p.kind, vmid: id },
          p.sourceGuestId,
        );
        Object.assign(change, re.change);
        log.push(...re.log);
      }
      if (p.disconnectNetwork) {
        change = { ...change, ...disconnectedNetworks(p.kind, { ...cfg, ...change }) };
        log.push('network devices left disconnected (link_down=1)');
      }
      if (Object.keys(change).length) await api.updateConfig(p.node, p.kind, id, change);
      ctx.state.configured = true;
      await ctx.save(log);
    }
    if (p.start && !ctx.state.started) {
      await ctx.runTask('start', api, target, () => api.power(p.node, p.kind, id, 'start'), {
        from: 88,
        to: 98,
        task: { vmid: id, types: guestTaskTypes(p.kind, 'start') },
      });
      ctx.state.started = true;
      await ctx.save();
    }
    const live = await api.guestStatus(p.node, p.kind, id);
    const status = toStr(live.status) ?? 'stopped';
    if (p.target === 'new') {
      await this.guests.activate(guestId, p.clusterId, id, {
        status,
        node: p.node,
        lock: null,
        ...(p.name ? { name: p.name } : {}),
        lastSeenAt: new Date(),
      });
    } else {
      await this.guests.update(guestId, { status, lock: null, lastSeenAt: new Date() });
    }
    return { vmid: id, node: p.node, status, target: p.target };
  }

  /** A failed restore to a new guest gives its quota reservation back (the placeholder is gone). */
  async restoreFailed({ job, params: p, error }: JobFailure<'backups.restore'>) {
    if (p.target !== 'new' || !job.guestId) return;
    const g = await this.guests.findById(job.guestId);
    if (!g || g.activeVmid !== null) return;
    await this.guests.markGone(job.guestId, 'failed');
    await this.ipam.releaseGuest(job.guestId, null, { immediate: true });
    this.logger.warn(`restore ${job.id} failed, reservation released: ${error}`);
  }
}
