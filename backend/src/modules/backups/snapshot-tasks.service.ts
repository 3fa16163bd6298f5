import { Injectable } from '@nestjs/common';
import { isScheduledSnapshot } from '@multpanel/contracts';
import { guestTaskTypes } from '../../common/proxmox/upid';
import { AppError } from '../../common/errors/app-error';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import type { JobRunContext } from '../jobs/job-context';

/** The snapshot's time: Proxmox's `snaptime`, else the time in its name (yyyymmddhhmmss, UTC). */
function snapshotTime(s: { name: string; snaptime?: number }): number {
  if (s.snaptime) return s.snaptime * 1000;
  const m = /_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s.name);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : 0;
}

/**
 * Which of a guest's snapshots a schedule deletes: among ITS snapshots (name `auto_<tag>_…`), those
 * beyond the `keepLast` newest and those older than `maxAgeHours`; never `keep` (the one just taken).
 */
export function snapshotsToPrune(
  snapshots: Array<{ name: string; snaptime?: number }>,
  rule: { tag: string; keepLast: number; maxAgeHours: number | null; keep: string },
  now = Date.now(),
): string[] {
  const own = snapshots
    .filter((s) => isScheduledSnapshot(rule.tag, s.name))
    .sort((a, b) => snapshotTime(b) - snapshotTime(a) || b.name.localeCompare(a.name));
  const tooOld = rule.maxAgeHours === null ? -Infinity : now - rule.maxAgeHours * 3_600_000;
  return own
    .filter((s, i) => i >= rule.keepLast || snapshotTime(s) < tooOld)
    .map((s) => s.name)
    .filter((n) => n !== rule.keep);
}

/**
 * The `backups.snapshot` job (worker): take the schedule's snapshot of one guest, then delete the
 * guest's snapshots of that schedule that retention no longer keeps. Safe to re-run: the snapshot
 * is taken once (checkpoint), and pruning reads the guest's snapshots again before each delete.
 */
@Injectable()
export class SnapshotTasksService {
  constructor(
    private readonly guests: GuestsService,
    private readonly connections: ClusterConnectionService,
  ) {}

  async run(ctx: JobRunContext<'backups.snapshot'>) {
    const p = ctx.params;
    const g = ctx.job.guestId ? await this.guests.findById(ctx.job.guestId) : null;
    if (!g || g.goneAt || g.activeVmid === null)
      throw new AppError('NOT_FOUND', 'The VM no longer exists');
    const vmid = g.activeVmid;
    const { api } = await this.connections.open(g.clusterId, 'background');
    const target = { clusterId: g.clusterId, node: g.node };
    if (!ctx.state.taken) {
      await ctx.runTask(
        'snapshot',
        api,
        target,
        () =>
          api.createSnapshot(g.node, g.kind, vmid, p.snapshot, {
            description: 'Taken by a Multpanel snapshot schedule; pruned by it.',
            ...(g.kind === 'qemu' && p.includeRam ? { vmstate: true } : {}),
          }),
        { from: 5, to: 70, task: { vmid, types: guestTaskTypes(g.kind, 'snapshot') } },
      );
      ctx.state.taken = true;
      await ctx.save([`snapshot ${p.snapshot} taken`]);
    }
    const pruned: string[] = [];
    // A snapshot Proxmox refuses to delete is skipped so the others are still pruned; the job then
    // fails naming each one and Proxmox's reason (the schedule's report must say what is left).
    const failed = new Map<string, string>();
    for (;;) {
      const next = snapshotsToPrune(await api.snapshots(g.node, g.kind, vmid), {
        ...p,
        keep: p.snapshot,
      }).find((n) => !failed.has(n));
      if (!next) break;
      if (pruned.includes(next))
        throw new Error(`Snapshot ${next} is still there after its deletion`);
      try {
        await ctx.runTask(
          `delete ${next}`,
          api,
          target,
          () => api.deleteSnapshot(g.node, g.kind, vmid, next),
          { from: 70, to: 95, task: { vmid, types: guestTaskTypes(g.kind, 'delsnapshot') } },
        );
      } catch (err) {
        // A stopping worker is not a refusal: its successor resumes the deletion.
        if (ctx.signal.aborted) throw err;
        failed.set(next, (err as Error).message);
        await ctx.log([`could not prune ${next}: ${(err as Error).message}`]);
        continue;
      }
      pruned.push(next);
    }
    const report = pruned.map((n) => `pruned ${n}`);
    if (failed.size) {
      await ctx.log(report);
      const why = [...failed].map(([n, reason]) => `${n} (${reason})`).join('; ');
      throw new Error(
        `Snapshot ${p.snapshot} taken, ${pruned.length} pruned; could not prune ${why}`,
      );
    }
    await ctx.progress(
      100,
      pruned.length ? `Snapshot taken; ${pruned.length} pruned` : 'Snapshot taken',
      report,
    );
    return { snapshot: p.snapshot, pruned };
  }
}
