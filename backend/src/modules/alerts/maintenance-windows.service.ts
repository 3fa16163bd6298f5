import { Injectable } from '@nestjs/common';
import {
  Permission,
  type CreateMaintenanceWindowInput,
  type MaintenanceWindowDto,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import {
  MaintenanceWindowsRepository,
  type MaintenanceWindowRow,
  type WindowNames,
} from './maintenance-windows.repository';

const NO_NAMES: WindowNames = { company: new Map(), cluster: new Map(), guest: new Map() };

export function toWindowDto(w: MaintenanceWindowRow, names = NO_NAMES): MaintenanceWindowDto {
  return {
    id: w.id,
    companyId: w.companyId,
    clusterId: w.clusterId,
    node: w.node,
    guestId: w.guestId,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    reason: w.reason,
    createdById: w.createdById,
    createdAt: w.createdAt.toISOString(),
    companyName: (w.companyId && names.company.get(w.companyId)) ?? null,
    clusterName: (w.clusterId && names.cluster.get(w.clusterId)) ?? null,
    guestName: (w.guestId && names.guest.get(w.guestId)) ?? null,
  };
}

/**
 * Maintenance windows: a company's (companyId set) cover its own guests and may be managed by its
 * admins; the platform's (companyId null) cover anything they name and need monitoring.fleet.
 */
@Injectable()
export class MaintenanceWindowsService {
  constructor(
    private readonly repo: MaintenanceWindowsRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, now = new Date()): Promise<MaintenanceWindowDto[]> {
    const rows = await this.repo.list(actor.scope, now);
    const names = await this.repo.names(rows);
    return rows.map((w) => toWindowDto(w, names));
  }

  async create(actor: Actor, input: CreateMaintenanceWindowInput): Promise<MaintenanceWindowDto> {
    let companyId: string | null = null;
    if (input.companyId) companyId = (await this.access.requireCompany(actor, input.companyId)).id;
    else this.access.requirePermission(actor, Permission.MonitoringFleet);
    if (input.clusterId) await this.access.requireCluster(actor, input.clusterId, 'read');
    if (input.guestId) {
      const g = await this.access.requireGuest(actor, input.guestId, 'view');
      if (companyId && g.companyId !== companyId) throw notFound('VM');
    }
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) {
      throw new AppError('VALIDATION_FAILED', 'endsAt must be after startsAt', [
        { path: 'endsAt', message: 'must be after startsAt', code: 'custom' },
      ]);
    }
    const row = await this.repo.create({
      companyId,
      clusterId: input.clusterId ?? null,
      node: input.node ?? null,
      guestId: input.guestId ?? null,
      startsAt,
      endsAt,
      reason: input.reason,
      createdById: actor.principal.userId,
    });
    await this.audit(actor, 'maintenance_window.create', row);
    return toWindowDto(row, await this.repo.names([row]));
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Maintenance window');
    if (row.companyId === null) this.access.requirePermission(actor, Permission.MonitoringFleet);
    await this.repo.delete(row.id);
    await this.audit(actor, 'maintenance_window.delete', row);
  }

  private audit(actor: Actor, action: string, w: MaintenanceWindowRow) {
    return this.activity.record({
      action,
      companyId: w.companyId,
      actor: actor.principal,
      resourceType: 'maintenance_window',
      resourceId: w.id,
      ip: actor.meta.ip,
      details: { reason: w.reason, startsAt: w.startsAt, endsAt: w.endsAt },
    });
  }
}
