import { guestTaskTypes, ProxmoxError, toStr, type ProxmoxApi } from '../../common/proxmox';
import { AppError } from '../../common/errors/app-error';
import type { JobRunContext } from '../jobs/job-context';

/** How long the source guest may take to shut down before Proxmox stops it (s). */
export const SOURCE_SHUTDOWN_TIMEOUT_S = 120;

/** A failure that means the source did not answer: unreachable, timed out, its node offline. */
export function sourceSilent(err: unknown): boolean {
  if (!(err instanceof ProxmoxError)) return false;
  if (['PVE_UNREACHABLE', 'PVE_TIMEOUT', 'PVE_NODE_OFFLINE'].includes(err.code)) return true;
  // 502-504 from a proxy, 595/596 from pveproxy when it cannot reach the guest's node
  return err.code === 'PVE_SERVER' && (err.details.status ?? 0) >= 502;
}

const missing = (err: unknown) => err instanceof ProxmoxError && err.code === 'PVE_NOT_FOUND';

export interface SourceGuest {
  clusterId: string;
  clusterName: string;
  node: string;
  kind: 'qemu' | 'lxc';
  vmid: number;
}

/**
 * Before a DR fail over starts the standby, the source guest goes down when its cluster still
 * answers (shut down, stopped by Proxmox after the time-out), so the two never run at once with
 * the same data and addresses. A source that does not answer is why one fails over: the fail over
 * goes on and the job log says the source was not stopped. A source that answers but refuses
 * (locked, denied, a cluster without quorum) stops the fail over: starting the standby then could
 * run both; unless staff asked for `force`, then the refusal is logged as a warning and it goes on.
 * Only `status/current`, `status/shutdown` and `status/stop` of the source guest are called.
 */
export async function fenceSource(
  ctx: JobRunContext<'backups.dr-failover'>,
  api: ProxmoxApi,
  src: SourceGuest,
  force = false,
): Promise<'stopped' | 'was-stopped' | 'silent' | 'missing' | 'refused'> {
  const what = `source VMID ${src.vmid} on ${src.node} (cluster ${src.clusterName})`;
  try {
    const status = toStr(
      (await api.guestStatus(src.node, src.kind, src.vmid, { timeoutMs: 10_000, retries: 1 }))
        .status,
    );
    if (status === 'stopped') {
      await ctx.save([`${what} is already stopped`]);
      return 'was-stopped';
    }
    // a running guest is asked to shut down; a paused or suspended one cannot, it is stopped
    const action = status === 'running' ? 'shutdown' : 'stop';
    await ctx.save([
      action === 'shutdown'
        ? `${what} runs: shutting it down (stopped after ${SOURCE_SHUTDOWN_TIMEOUT_S} s) before the standby starts`
        : `${what} is ${status || 'not stopped'}: stopping it before the standby starts`,
    ]);
    await ctx.runTask(
      `fo-${action}-source`,
      api,
      { clusterId: src.clusterId, node: src.node },
      () =>
        action === 'shutdown'
          ? api.power(src.node, src.kind, src.vmid, 'shutdown', {
              timeout: SOURCE_SHUTDOWN_TIMEOUT_S,
              forceStop: 1,
            })
          : api.power(src.node, src.kind, src.vmid, 'stop'),
      { from: 5, to: 40, task: { vmid: src.vmid, types: guestTaskTypes(src.kind, action) } },
    );
    await ctx.save([`${what} stopped`]);
    return 'stopped';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (sourceSilent(err)) {
      await ctx.save([
        `the source cluster ${src.clusterName} does not answer (${reason}): ${what} was not stopped; the standby starts`,
      ]);
      return 'silent';
    }
    if (missing(err)) {
      await ctx.save([`${what} does not exist there: nothing to stop`]);
      return 'missing';
    }
    if (force) {
      await ctx.save([
        `warning: the ${what} could not be stopped (${reason}); forced fail over: the standby starts and both may run`,
      ]);
      return 'refused';
    }
    throw new AppError(
      'CONFLICT',
      `The ${what} could not be stopped (${reason}): the standby was not started, so both never run. ` +
        'When the source cannot be stopped, fail over again with force (both may then run)',
    );
  }
}
