import { Injectable, Logger } from '@nestjs/common';
import type { BackupSelection, NotBackedUpPage, NotBackedUpQuery } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { BackupsRepository } from './backups.repository';

/**
 * "Not backed up": a company's live guests that no enabled schedule covers (each schedule's
 * selection resolved as its runs resolve it) and no backup job of Proxmox's own covers either
 * (`/cluster/backup-info/not-backed-up` of each cluster they run on: an MSP moving onto the
 * platform often still has those), with their last successful backup if any. A cluster that
 * cannot be asked keeps its guests in the list and is counted in `clustersUnread`.
 */
@Injectable()
export class NotBackedUpService {
  private readonly logger = new Logger('NotBackedUp');

  constructor(
    private readonly repo: BackupsRepository,
    private readonly guests: GuestsService,
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
  ) {}

  async list(actor: Actor, q: NotBackedUpQuery): Promise<NotBackedUpPage> {
    const companyId = await this.company(actor, q.companyId);
    const [all, schedules] = await Promise.all([
      this.guests.selected(companyId, { allGuests: true }),
      this.repo.enabledSchedules(companyId),
    ]);
    const covered = new Set<string>();
    for (const s of schedules) {
      for (const g of await this.guests.selected(companyId, s.selection as BackupSelection))
        covered.add(g.id);
    }
    const uncovered = all.filter((g) => !covered.has(g.id));
    const proxmox = await this.proxmoxCovered(uncovered);
    const open = uncovered
      .filter((g) => !proxmox.covered.has(g.id))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.vmid - b.vmid);
    const slice = open.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const last = await this.repo.lastBackups(slice.map((g) => g.id));
    return {
      companyId,
      guests: all.length,
      covered: all.length - uncovered.length,
      coveredByProxmox: proxmox.covered.size,
      clustersUnread: proxmox.unread,
      total: open.length,
      page: q.page,
      pageSize: q.pageSize,
      items: slice.map((g) => ({
        guestId: g.id,
        name: g.name,
        vmid: g.vmid,
        kind: g.kind,
        clusterId: g.clusterId,
        node: g.node,
        status: g.status,
        lastBackupAt: last.get(g.id)?.toISOString() ?? null,
      })),
    };
  }

  /** Which of these guests a Proxmox backup job covers: one read per cluster they run on. */
  private async proxmoxCovered(
    guests: Array<{ id: string; clusterId: string; vmid: number }>,
  ): Promise<{ covered: Set<string>; unread: number }> {
    const covered = new Set<string>();
    let unread = 0;
    for (const clusterId of new Set(guests.map((g) => g.clusterId))) {
      try {
        const { api, status } = await this.connections.open(clusterId, 'interactive');
        if (status === 'offline') {
          unread++;
          continue;
        }
        const without = new Set(await api.guestsWithoutBackupJob({ timeoutMs: 5_000 }));
        for (const g of guests)
          if (g.clusterId === clusterId && !without.has(g.vmid)) covered.add(g.id);
      } catch (err) {
        unread++;
        this.logger.warn(`backup jobs of cluster ${clusterId} not read: ${(err as Error).message}`);
      }
    }
    return { covered, unread };
  }

  /** The company asked for (in scope), or the caller's only one. */
  private async company(actor: Actor, companyId: string | undefined): Promise<string> {
    if (companyId) return (await this.access.requireCompany(actor, companyId)).id;
    const mine = scopeCompanyIds(actor.scope);
    if (mine?.length === 1) return mine[0];
    throw new AppError('VALIDATION_FAILED', 'companyId: name the company to look at', [
      { path: 'companyId', message: 'name the company to look at', code: 'custom' },
    ]);
  }
}
