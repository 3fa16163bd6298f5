import { Injectable, Logger } from '@nestjs/common';
import { DR_COPIES_KEPT, drCopyMarker, drFailbackMarker, drIsStale } from '@multpanel/contracts';
import { guestTaskTypes, ProxmoxError, toStr, type ProxmoxApi } from '../../common/proxmox';
import { AppError } from '../../common/errors/app-error';
import { releaseVmid, reserveVmid } from '../../common/proxmox/vmid-reservation';
import { RedisService } from '../../common/redis/redis.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { CopyAddressesService } from './copy-addresses.service';
import { DrPairsRepository } from './dr-pairs.repository';
import { fenceSource } from './dr-source-fence';

/** The storage of a guest's first disk (restore puts the disks back there). */
export function diskStorage(cfg: Record<string, unknown>): string | null {
  const keys = Object.keys(cfg)
    .filter((k) => /^(rootfs|scsi\d+|virtio\d+|sata\d+|ide\d+)$/.test(k))
    .sort();
  for (const k of keys) {
    const v = String(cfg[k]);
    if (/media=cdrom/.test(v) || !v.includes(':')) continue;
    const storage = v.split(':')[0];
    if (storage && storage !== 'none') return storage;
  }
  return null;
}

const missing = (err: unknown) =>
  err instanceof ProxmoxError && /does not exist|no such|not found/i.test(err.message);

/**
 * The DR pair jobs (worker).
 *
 * `backups.dr-sync`, one guest: (1) when the guest has a platform backup newer than its recovery
 * point (or none yet, or on "sync now"), the source cluster runs a vzdump onto the pair's
 * `sourceStorage` with a marker in the notes; (2) the target cluster lists `targetStorage` and the
 * newest archive carrying the marker is the recovery point; (3) policy `standby`: that archive is
 * restored on `targetNode` as a stopped guest (`onboot=0`) unless the standby already holds it or
 * was failed over. Each Proxmox task runs once (`ctx.runTask` checkpoints).
 *
 * `backups.dr-failover`: (1) when the source cluster answers, the source guest is shut down
 * (stopped after the time-out) so the two never run at once; a source that does not answer is
 * logged and the fail over goes on (`dr-source-fence.ts`); (2) the standby takes over the source
 * guest's IPAM addresses (where their range reaches the target cluster; its config is rewritten),
 * (3) then starts.
 *
 * `backups.dr-failback`, after a fail over: (1) the standby shuts down (stopped when it does not
 * within its time-out), (2) the target cluster vzdumps it onto `targetStorage` with a fail-back
 * marker, (3) the source cluster finds that archive on `sourceStorage` (the same datastore), stops
 * the source guest when it runs, restores the archive over it (its disks' storage), hands the
 * taken-over addresses back (its config names its own addresses again) and starts it.
 * The standby stays, stopped; the next sync restores a fresh copy over it.
 */
@Injectable()
export class DrTasksService {
  private readonly logger = new Logger('DrTasks');

  constructor(
    private readonly repo: DrPairsRepository,
    private readonly guests: GuestsService,
    private readonly connections: ClusterConnectionService,
    private readonly redis: RedisService,
    private readonly addresses: CopyAddressesService,
  ) {}

  async sync(ctx: JobRunContext<'backups.dr-sync'>) {
    const found = await this.repo.forJob(ctx.params.pairId, ctx.params.drGuestId);
    if (!found) return { skipped: 'the DR pair or its guest is gone' };
    const { pair, guest: dg } = found;
    const g = await this.guests.findById(dg.guestId);
    if (!g || g.goneAt || g.activeVmid === null)
      throw new AppError('NOT_FOUND', 'The VM no longer exists');
    if (g.clusterId !== pair.sourceClusterId)
      throw new AppError('CONFLICT', 'The VM is no longer on the pair’s source cluster');
    await this.repo.updateGuest(dg.id, { status: 'running' });
    const vmid = g.activeVmid;
    const marker = drCopyMarker(dg.id);
    const dst = await this.connections.open(pair.targetClusterId, 'background');
    const copies = async () =>
      (await dst.api.backups(pair.targetNode, pair.targetStorage, vmid))
        .filter((e) => (e.notes ?? '').includes(marker))
        .sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0));

    // 1. the copy, when a newer backup exists (or none was copied yet)
    if (ctx.state.copyNeeded === undefined) {
      const before = (await copies())[0];
      const newest = await this.repo.newestBackupAt(g.id);
      ctx.state.copyNeeded =
        ctx.params.force === true ||
        !before ||
        (newest !== null && (before.ctime ?? 0) * 1000 < newest.getTime());
      await ctx.save([
        ctx.state.copyNeeded
          ? `DR copy of VMID ${vmid} onto ${pair.sourceStorage}`
          : `the DR copy ${before?.volid ?? ''} is not older than the newest backup`,
      ]);
    }
    if (ctx.state.copyNeeded && !ctx.state.copied) {
      const src = await this.connections.open(g.clusterId, 'background');
      await ctx.runTask(
        'dr-vzdump',
        src.api,
        { clusterId: g.clusterId, node: g.node },
        () =>
          src.api.vzdump(g.node, {
            vmid: String(vmid),
            storage: pair.sourceStorage,
            mode: 'snapshot',
            compress: 'zstd',
            'notes-template': `{{guestname}} ${marker}`,
          }),
        { from: 5, to: 60, task: { vmid, types: ['vzdump'] } },
      );
      ctx.state.copied = true;
      await ctx.save();
    }

    // 2. the recovery point, as the target cluster sees it
    const listed = await copies();
    const point = listed[0];
    if (!point)
      throw new Error(
        `The target cluster lists no DR copy of VMID ${vmid} on "${pair.targetStorage}" of ` +
          `${pair.targetNode}: is it the datastore the source cluster writes as "${pair.sourceStorage}"?`,
      );
    const pointAt = new Date((point.ctime ?? 0) * 1000);
    const now = new Date();
    await this.repo.updateGuest(dg.id, {
      copyVolid: point.volid,
      recoveryPointAt: pointAt,
      lastSyncAt: now,
      // a fresh recovery point ends a stale spell: the next one mails again
      ...(drIsStale(pointAt, dg.createdAt, pair.staleAfterHours, now)
        ? {}
        : { staleNotifiedAt: null }),
    });
    await ctx.progress(65, `Recovery point ${point.volid}`);
    // DR copies beyond the newest DR_COPIES_KEPT are deleted (protected ones stay); a copy that
    // cannot be deleted is logged and tried again on the next sync
    for (const old of listed.slice(DR_COPIES_KEPT)) {
      if (old.protected) continue;
      try {
        const upid = await dst.api.deleteVolume(pair.targetNode, pair.targetStorage, old.volid);
        if (upid) await dst.api.waitForTask(upid, { intervalMs: 200, timeoutMs: 60_000 });
        await ctx.save([`older DR copy ${old.volid} deleted`]);
      } catch (err) {
        await ctx.save([`older DR copy ${old.volid} not deleted: ${String(err)}`]);
      }
    }

    // 3. the standby
    let standbyVmid = dg.standbyVmid;
    const refresh =
      pair.policy === 'standby' &&
      pair.standbyStorage !== null &&
      !dg.failedOverAt &&
      (!dg.standbyPointAt || dg.standbyPointAt.getTime() < pointAt.getTime());
    if (refresh) {
      standbyVmid = await this.restoreStandby(ctx, dst.api, {
        clusterId: pair.targetClusterId,
        node: pair.targetNode,
        storage: pair.standbyStorage!,
        kind: g.kind,
        volid: point.volid,
        vmid: (ctx.state.standbyVmid as number | undefined) ?? dg.standbyVmid,
        drGuestId: dg.id,
      });
      await this.repo.updateGuest(dg.id, { standbyVmid, standbyPointAt: pointAt });
    }
    if (standbyVmid !== null && pair.policy === 'standby') {
      // the standby is the source guest's company's, never an unassigned guest on the target
      const owned = await this.guests.adoptOwned({
        clusterId: pair.targetClusterId,
        companyId: pair.companyId,
        vmid: standbyVmid,
        kind: g.kind,
        name: g.name,
        node: pair.targetNode,
      });
      if (!owned)
        throw new AppError(
          'CONFLICT',
          `VMID ${standbyVmid} on the target cluster belongs to another company: not the standby`,
        );
      if (owned.id !== dg.standbyGuestId)
        await this.repo.updateGuest(dg.id, { standbyGuestId: owned.id });
      // a fresh restore brought the source's config back: the standby gets its own addresses
      // in the target cluster's ranges (IPAM), never the source's
      if (ctx.state.restored && !ctx.state.readdressed) {
        const re = await this.addresses.readdress(
          dst.api,
          {
            guestId: owned.id,
            companyId: pair.companyId,
            clusterId: pair.targetClusterId,
            node: pair.targetNode,
            kind: g.kind,
            vmid: standbyVmid,
          },
          g.id,
        );
        if (Object.keys(re.change).length)
          await dst.api.updateConfig(pair.targetNode, g.kind, standbyVmid, re.change);
        ctx.state.readdressed = true;
        await ctx.save(re.log);
      }
    }
    await this.repo.updateGuest(dg.id, { status: 'ok', error: null });
    await ctx.progress(100, `DR copy ${point.volid}`);
    return { volid: point.volid, recoveryPointAt: pointAt.toISOString(), standbyVmid };
  }

  async syncFailed(f: JobFailure<'backups.dr-sync'>) {
    const found = await this.repo.forJob(f.params.pairId, f.params.drGuestId);
    if (!found) return;
    await this.repo.updateGuest(found.guest.id, {
      status: 'failed',
      error: f.error.slice(0, 4000),
      lastSyncAt: new Date(),
    });
  }

  /** A failed fail-back leaves the guest failed over (the standby is still the one to start). */
  async failbackFailed(f: JobFailure<'backups.dr-failback'>) {
    const found = await this.repo.forJob(f.params.pairId, f.params.drGuestId);
    if (!found) return;
    await this.repo.updateGuest(found.guest.id, {
      status: 'failed',
      error: `Fail-back: ${f.error}`.slice(0, 4000),
    });
  }

  async failover(ctx: JobRunContext<'backups.dr-failover'>) {
    const found = await this.repo.forJob(ctx.params.pairId, ctx.params.drGuestId);
    if (!found) throw new AppError('NOT_FOUND', 'The DR pair or its guest is gone');
    const { pair, guest: dg } = found;
    const g = await this.guests.findById(dg.guestId);
    const kind = g?.kind ?? 'qemu';
    if (dg.standbyVmid === null) throw new AppError('CONFLICT', 'No standby to start');
    const vmid = dg.standbyVmid;
    // 1. the source guest goes down first when its cluster answers (never both running)
    if (!ctx.state.sourceFenced) {
      if (g && !g.goneAt && g.activeVmid !== null) {
        const src = await this.connections.open(g.clusterId, 'background');
        const fenced = await fenceSource(
          ctx,
          src.api,
          {
            clusterId: g.clusterId,
            clusterName: src.name,
            node: g.node,
            kind,
            vmid: g.activeVmid,
          },
          ctx.params.force === true,
        );
        if (fenced === 'stopped') await this.guests.update(g.id, { status: 'stopped' });
        if (fenced === 'refused')
          this.logger.warn(
            `DR pair ${pair.id}: forced fail over of guest ${g.id}, its source VMID ${g.activeVmid} was not stopped`,
          );
      } else await ctx.save(['the source guest is gone: nothing to stop on the source cluster']);
      ctx.state.sourceFenced = true;
      await ctx.save();
    }
    const { api } = await this.connections.open(pair.targetClusterId, 'background');
    // 2. before it starts, the standby takes over the source's addresses
    if (!ctx.state.addressed && g && dg.standbyGuestId) {
      const re = await this.addresses.handOver(
        api,
        {
          guestId: dg.standbyGuestId,
          companyId: pair.companyId,
          clusterId: pair.targetClusterId,
          node: pair.targetNode,
          kind,
          vmid,
        },
        g.id,
        { replace: true },
      );
      if (Object.keys(re.change).length)
        await api.updateConfig(pair.targetNode, kind, vmid, re.change);
      ctx.state.addressed = true;
      await ctx.save(re.log);
    }
    // 3. the standby starts
    const status = toStr((await api.guestStatus(pair.targetNode, kind, vmid)).status);
    if (status !== 'running')
      await ctx.runTask(
        'start',
        api,
        { clusterId: pair.targetClusterId, node: pair.targetNode },
        () => api.power(pair.targetNode, kind, vmid, 'start'),
        { from: 45, to: 95, task: { vmid, types: guestTaskTypes(kind, 'start') } },
      );
    await this.repo.updateGuest(dg.id, { failedOverAt: dg.failedOverAt ?? new Date() });
    await ctx.progress(100, `Standby VMID ${vmid} runs on ${pair.targetNode}`);
    return { vmid, node: pair.targetNode };
  }

  async failback(ctx: JobRunContext<'backups.dr-failback'>) {
    const found = await this.repo.forJob(ctx.params.pairId, ctx.params.drGuestId);
    if (!found) throw new AppError('NOT_FOUND', 'The DR pair or its guest is gone');
    const { pair, guest: dg } = found;
    const g = await this.guests.findById(dg.guestId);
    if (!g || g.goneAt || g.activeVmid === null)
      throw new AppError('NOT_FOUND', 'The source VM no longer exists');
    if (dg.standbyVmid === null) throw new AppError('CONFLICT', 'No standby to fail back from');
    if (!dg.failedOverAt && !ctx.state.restored)
      throw new AppError('CONFLICT', 'This guest is not failed over');
    const kind = g.kind;
    const standby = dg.standbyVmid;
    const vmid = g.activeVmid;
    const dst = await this.connections.open(pair.targetClusterId, 'background');
    const src = await this.connections.open(g.clusterId, 'background');
    const onTarget = { clusterId: pair.targetClusterId, node: pair.targetNode };
    const onSource = { clusterId: g.clusterId, node: g.node };
    const marker = drFailbackMarker(dg.id);

    // 1. the standby stops (gracefully, forced after the time-out)
    if (!ctx.state.standbyStopped) {
      const status = toStr((await dst.api.guestStatus(pair.targetNode, kind, standby)).status);
      if (status === 'running')
        await ctx.runTask(
          'fb-shutdown',
          dst.api,
          onTarget,
          () =>
            dst.api.power(pair.targetNode, kind, standby, 'shutdown', {
              timeout: 180,
              forceStop: 1,
            }),
          { from: 0, to: 15, task: { vmid: standby, types: guestTaskTypes(kind, 'shutdown') } },
        );
      ctx.state.standbyStopped = true;
      await ctx.save([`standby VMID ${standby} on ${pair.targetNode} stopped`]);
    }
    // 2. its state onto the shared datastore
    if (!ctx.state.dumped) {
      await ctx.runTask(
        'fb-vzdump',
        dst.api,
        onTarget,
        () =>
          dst.api.vzdump(pair.targetNode, {
            vmid: String(standby),
            storage: pair.targetStorage,
            mode: 'stop',
            compress: 'zstd',
            'notes-template': `{{guestname}} ${marker}`,
          }),
        { from: 15, to: 50, task: { vmid: standby, types: ['vzdump'] } },
      );
      ctx.state.dumped = true;
      await ctx.save();
    }
    // 3. the source side restores it over the source guest
    if (!ctx.state.archive) {
      const archive = (await src.api.backups(g.node, pair.sourceStorage, standby))
        .filter((e) => (e.notes ?? '').includes(marker))
        .sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))[0];
      if (!archive)
        throw new Error(
          `The source cluster lists no fail-back archive of VMID ${standby} on "${pair.sourceStorage}"`,
        );
      ctx.state.archive = archive.volid;
      await ctx.save([`fail-back archive ${archive.volid}`]);
    }
    const archive = ctx.state.archive as string;
    if (!ctx.state.sourceStopped) {
      const status = toStr((await src.api.guestStatus(g.node, kind, vmid)).status);
      if (status === 'running')
        await ctx.runTask(
          'fb-stop-source',
          src.api,
          onSource,
          () => src.api.power(g.node, kind, vmid, 'stop'),
          { from: 50, to: 55, task: { vmid, types: guestTaskTypes(kind, 'stop') } },
        );
      ctx.state.sourceStopped = true;
      await ctx.save();
    }
    if (!ctx.state.restored) {
      const storage = diskStorage(await src.api.guestConfig(g.node, kind, vmid));
      await ctx.runTask(
        'fb-restore',
        src.api,
        onSource,
        () => {
          const opts = { vmid, archive, force: true, ...(storage ? { storage } : {}) };
          return kind === 'qemu'
            ? src.api.restoreQemu(g.node, opts)
            : src.api.restoreLxc(g.node, opts);
        },
        { from: 55, to: 85, task: { vmid, types: [kind === 'qemu' ? 'qmrestore' : 'vzrestore'] } },
      );
      ctx.state.restored = true;
      await ctx.save([`VMID ${vmid} on ${g.node} restored from ${archive}`]);
    }
    // the restore brought the standby's config: the source gets its addresses back (those the
    // standby took over) and its config names the source's own again
    if (!ctx.state.addressed) {
      const re = dg.standbyGuestId
        ? await this.addresses.handOver(
            src.api,
            {
              guestId: g.id,
              companyId: pair.companyId,
              clusterId: g.clusterId,
              node: g.node,
              kind,
              vmid,
            },
            dg.standbyGuestId,
            { replace: false },
          )
        : { change: {}, log: [] };
      if (Object.keys(re.change).length) await src.api.updateConfig(g.node, kind, vmid, re.change);
      ctx.state.addressed = true;
      await ctx.save(re.log);
    }
    if (!ctx.state.started) {
      const status = toStr((await src.api.guestStatus(g.node, kind, vmid)).status);
      if (status !== 'running')
        await ctx.runTask(
          'fb-start',
          src.api,
          onSource,
          () => src.api.power(g.node, kind, vmid, 'start'),
          { from: 85, to: 98, task: { vmid, types: guestTaskTypes(kind, 'start') } },
        );
      ctx.state.started = true;
      await ctx.save();
    }
    await this.guests.update(g.id, { status: 'running', lock: null });
    // the standby now holds an older state than the source: the next sync restores a fresh one
    await this.repo.updateGuest(dg.id, {
      failedOverAt: null,
      failedBackAt: new Date(),
      standbyPointAt: null,
      status: 'ok',
      error: null,
    });
    await ctx.progress(100, `VMID ${vmid} runs again on ${g.node} (source cluster)`);
    return { vmid, node: g.node, archive };
  }

  /** Restores the archive as the stopped standby (a new VMID the first time, else over it). */
  private async restoreStandby(
    ctx: JobRunContext<'backups.dr-sync'>,
    api: ProxmoxApi,
    t: {
      clusterId: string;
      node: string;
      storage: string;
      kind: 'qemu' | 'lxc';
      volid: string;
      vmid: number | null;
      drGuestId: string;
    },
  ): Promise<number> {
    let vmid = t.vmid;
    let exists = false;
    if (vmid !== null) {
      try {
        const s = toStr((await api.guestStatus(t.node, t.kind, vmid)).status);
        if (s === 'running' && !ctx.state.restored)
          throw new AppError(
            'CONFLICT',
            `The standby VMID ${vmid} is running on ${t.node}: it is not overwritten`,
          );
        exists = true;
      } catch (err) {
        if (!missing(err)) throw err;
      }
    } else {
      // claimed like a create's VMID: parallel syncs, creates and restores never share one
      vmid = await reserveVmid(this.redis, api, t.clusterId);
    }
    if (ctx.state.standbyVmid === undefined) {
      ctx.state.standbyVmid = vmid;
      await ctx.save([`standby VMID ${vmid} on ${t.node}`]);
      await this.repo.updateGuest(t.drGuestId, { standbyVmid: vmid });
    }
    if (!ctx.state.restored) {
      await ctx.runTask(
        'dr-restore',
        api,
        { clusterId: t.clusterId, node: t.node },
        () => {
          const opts = { vmid: vmid!, archive: t.volid, storage: t.storage, force: exists };
          return t.kind === 'qemu' ? api.restoreQemu(t.node, opts) : api.restoreLxc(t.node, opts);
        },
        {
          from: 70,
          to: 95,
          task: { vmid: vmid!, types: [t.kind === 'qemu' ? 'qmrestore' : 'vzrestore'] },
        },
      );
      ctx.state.restored = true;
      await ctx.save();
      await releaseVmid(this.redis, t.clusterId, vmid!);
    }
    // a standby never starts with its host: it would run beside the source
    await api.updateConfig(t.node, t.kind, vmid!, { onboot: '0' });
    return vmid!;
  }
}
