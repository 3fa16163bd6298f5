import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { guestTaskTypes, ProxmoxError, toStr, type ProxmoxApi } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { disconnectedNetworks } from './restore-config';
import { agentConfigured, scratchVmidCandidate } from './restore-test-rules';
import { BackupNotifier } from './backup-notifier.service';
import { RestoreTestsRepository } from './restore-tests.repository';

const FINAL = new Set(['passed', 'failed', 'skipped']);
const POLL_MS = 2_000;

const missing = (err: unknown) =>
  err instanceof ProxmoxError && /does not exist|no such|not found/i.test(err.message);

/**
 * The `backups.restore-test` job (worker): restore the archive to a scratch VMID on the test node,
 * every NIC `link_down=1`, start it, wait for the guest agent (a VM with one configured) or for it
 * to run (containers, VMs without an agent) up to the boot time-out, record pass/fail with timings,
 * then stop and destroy the copy. Every Proxmox task runs once (`ctx.runTask` checkpoints), so a
 * restarted worker resumes; a copy is destroyed even when the test failed.
 */
@Injectable()
export class RestoreTestTasksService {
  private readonly logger = new Logger('RestoreTests');

  constructor(
    private readonly repo: RestoreTestsRepository,
    private readonly connections: ClusterConnectionService,
    private readonly notifier: BackupNotifier,
  ) {}

  async run(ctx: JobRunContext<'backups.restore-test'>) {
    const p = ctx.params;
    const t = await this.repo.find(p.restoreTestId);
    if (!t) return { skipped: 'the test is gone' };
    if (FINAL.has(t.status) && ctx.state.cleaned) return { status: t.status };
    const { api } = await this.connections.open(p.clusterId, 'background');
    const target = { clusterId: p.clusterId, node: p.node };
    if (ctx.state.vmid === undefined && (await this.archiveGone(api, p.node, p.volid, t.vmid))) {
      // pruned by retention (or deleted) since it was picked: nothing to prove, no false alarm
      await this.repo.settle(t.id, {
        status: 'skipped',
        error: `The archive ${p.volid} is no longer on its storage (pruned or deleted)`,
        finishedAt: new Date(),
      });
      await ctx.progress(100, `Restore test skipped: ${p.volid} is no longer on its storage`);
      return { status: 'skipped' };
    }
    if (ctx.state.vmid === undefined) {
      const vmid = await this.freeScratchVmid(api, t.id);
      ctx.state.vmid = vmid;
      await ctx.save([`scratch VMID ${vmid} on ${p.node}`]);
      await this.repo.update(t.id, { status: 'running', scratchVmid: vmid, startedAt: new Date() });
    }
    const vmid = ctx.state.vmid as number;
    if (ctx.state.outcome === undefined) {
      try {
        await this.restoreAndBoot(ctx, api, target, vmid);
        ctx.state.outcome = 'passed';
      } catch (err) {
        if (ctx.signal.aborted) throw err; // the worker is stopping: resume later, no verdict
        ctx.state.outcome = 'failed';
        ctx.state.error = (err as Error).message.slice(0, 4000);
      }
      await ctx.save([`restore test ${ctx.state.outcome as string}`]);
      const settled = await this.repo.settle(t.id, {
        status: ctx.state.outcome as string,
        error: (ctx.state.error as string | undefined) ?? null,
        restoreMs: (ctx.state.restoreMs as number | undefined) ?? null,
        bootMs: (ctx.state.bootMs as number | undefined) ?? null,
        finishedAt: new Date(),
      });
      if (settled && ctx.state.outcome === 'failed')
        await this.notifier.notifyRestoreTest(t.companyId, t.id);
    }
    await this.destroy(ctx, api, target, vmid);
    ctx.state.cleaned = true;
    await ctx.save(['scratch copy destroyed']);
    await ctx.progress(100, `Restore test ${ctx.state.outcome as string}`);
    return {
      status: ctx.state.outcome,
      vmid,
      restoreMs: ctx.state.restoreMs ?? null,
      bootMs: ctx.state.bootMs ?? null,
    };
  }

  /**
   * True when the storage answers and no longer lists the archive (one content listing of the
   * guest's backups on the test node); a listing that fails says nothing, the restore will tell.
   */
  private async archiveGone(
    api: ProxmoxApi,
    node: string,
    volid: string,
    vmid: number,
  ): Promise<boolean> {
    const storage = volid.slice(0, volid.indexOf(':'));
    try {
      return !(await api.backups(node, storage, vmid)).some((b) => b.volid === volid);
    } catch (err) {
      this.logger.warn(`archive ${volid} not checked: ${(err as Error).message}`);
      return false;
    }
  }

  /** The job failed outright (e.g. the cluster was gone): record it; the copy is left to staff. */
  async failed(f: JobFailure<'backups.restore-test'>) {
    const t = await this.repo.find(f.params.restoreTestId);
    if (!t) return;
    const copy = f.state.vmid !== undefined && !f.state.cleaned;
    if (copy) this.logger.warn(`restore test ${t.id}: scratch VMID ${String(f.state.vmid)} left`);
    if (FINAL.has(t.status) && !copy) return;
    const failedNow = !FINAL.has(t.status);
    await this.repo.update(t.id, {
      status: FINAL.has(t.status) ? t.status : 'failed',
      error: [
        t.error ?? f.error,
        copy ? `scratch copy VMID ${String(f.state.vmid)} could not be destroyed` : null,
      ]
        .filter(Boolean)
        .join('; ')
        .slice(0, 4000),
      finishedAt: t.finishedAt ?? new Date(),
    });
    if (failedNow) await this.notifier.notifyRestoreTest(t.companyId, t.id);
  }

  private async restoreAndBoot(
    ctx: JobRunContext<'backups.restore-test'>,
    api: ProxmoxApi,
    target: { clusterId: string; node: string },
    vmid: number,
  ): Promise<void> {
    const p = ctx.params;
    if (!ctx.state.restored) {
      const t0 = Date.now();
      await ctx.runTask(
        'restore',
        api,
        target,
        () => {
          const opts = { vmid, archive: p.volid, unique: true };
          return p.kind === 'qemu' ? api.restoreQemu(p.node, opts) : api.restoreLxc(p.node, opts);
        },
        { from: 5, to: 60, task: { vmid, types: [p.kind === 'qemu' ? 'qmrestore' : 'vzrestore'] } },
      );
      ctx.state.restored = true;
      ctx.state.restoreMs = Date.now() - t0;
      await ctx.save();
    }
    const cfg = await api.guestConfig(p.node, p.kind, vmid);
    if (!ctx.state.configured) {
      // Never on the network: every NIC down; never started with the host.
      await api.updateConfig(p.node, p.kind, vmid, {
        ...disconnectedNetworks(p.kind, cfg),
        onboot: '0',
        [p.kind === 'qemu' ? 'name' : 'hostname']: `restore-test-${vmid}`,
      });
      ctx.state.configured = true;
      await ctx.save(['network devices disconnected (link_down=1)']);
    }
    const t1 = (ctx.state.bootStartedAt as number | undefined) ?? Date.now();
    if (!ctx.state.started) {
      ctx.state.bootStartedAt = t1;
      await ctx.runTask('start', api, target, () => api.power(p.node, p.kind, vmid, 'start'), {
        from: 65,
        to: 75,
        task: { vmid, types: guestTaskTypes(p.kind, 'start') },
      });
      ctx.state.started = true;
      await ctx.save();
    }
    const withAgent = p.kind === 'qemu' && agentConfigured(cfg.agent);
    await ctx.progress(80, withAgent ? 'Waiting for the guest agent' : 'Waiting for the guest');
    const deadline = t1 + p.bootTimeoutSec * 1000;
    let last = '';
    for (;;) {
      try {
        if (withAgent) {
          await api.agentNetworkInterfaces(p.node, vmid);
          break;
        }
        if (toStr((await api.guestStatus(p.node, p.kind, vmid)).status) === 'running') break;
        last = 'the guest is not running';
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `The restored guest did not ${withAgent ? 'answer through its guest agent' : 'run'} ` +
            `within ${p.bootTimeoutSec} s (${last})`,
        );
      }
      await delay(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), undefined, {
        signal: ctx.signal,
      });
    }
    ctx.state.bootMs = Date.now() - t1;
    await ctx.save([`booted in ${ctx.state.bootMs as number} ms`]);
  }

  /** Stops and destroys the scratch copy (nothing to do when the restore never created it). */
  private async destroy(
    ctx: JobRunContext<'backups.restore-test'>,
    api: ProxmoxApi,
    target: { clusterId: string; node: string },
    vmid: number,
  ): Promise<void> {
    const p = ctx.params;
    let status: string | undefined;
    try {
      status = toStr((await api.guestStatus(p.node, p.kind, vmid)).status);
    } catch (err) {
      if (missing(err)) return;
      throw err;
    }
    if (status === 'running' && !ctx.state.stopped) {
      await ctx.runTask('stop', api, target, () => api.power(p.node, p.kind, vmid, 'stop'), {
        from: 90,
        to: 94,
        task: { vmid, types: guestTaskTypes(p.kind, 'stop') },
      });
    }
    ctx.state.stopped = true;
    await ctx.save();
    await ctx.runTask(
      'destroy',
      api,
      target,
      () =>
        api.deleteGuest(p.node, p.kind, vmid, { purge: true, 'destroy-unreferenced-disks': true }),
      { from: 95, to: 99, task: { vmid, types: guestTaskTypes(p.kind, 'destroy') } },
    );
  }

  /** A free VMID in the scratch range, derived from the test's id (tried a few times). */
  private async freeScratchVmid(api: ProxmoxApi, testId: string): Promise<number> {
    for (let i = 0; ; i++) {
      try {
        return await api.nextId(scratchVmidCandidate(testId, i));
      } catch (err) {
        if (i >= 4 || !(err instanceof ProxmoxError) || err.transient) throw err;
      }
    }
  }
}
