import { Injectable } from '@nestjs/common';
import type { BackupSelection, NotBackedUpPage, NotBackedUpQuery } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { GuestsService } from '../guests/guests.service';
import { BackupsRepository } from './backups.repository';

/**
 * "Not backed up": a company's live guests that no enabled schedule covers (each schedule's
 * selection resolved as its runs resolve it), with their last successful backup if any. The
 * platform runs every backup itself, so Proxmox's own `/cluster/backup-info/not-backed-up` (which
 * judges Proxmox's backup jobs) would list every guest; it is not consulted.
 */
@Injectable()
export class NotBackedUpService {
  constructor(
    private readonly repo: BackupsRepository,
    private readonly guests: GuestsService,
    private readonly access: AccessService,
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
    const open = all
      .filter((g) => !covered.has(g.id))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.vmid - b.vmid);
    const slice = open.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const last = await this.repo.lastBackups(slice.map((g) => g.id));
    return {
      companyId,
      guests: all.length,
      covered: all.length - open.length,
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
