import { Injectable } from '@nestjs/common';
import {
  Permission,
  type CompanyDashboard,
  type CompanyDashboardQuery,
  type StaffDashboard,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { QuotasService } from '../quotas/quotas.service';
import { UsageService } from '../usage/usage.service';
import { DashboardRepository } from './dashboard.repository';

/**
 * The role dashboards: the MSP's fleet at a glance (monitoring.fleet) and a company's own estate.
 * Tenancy goes through the access layer; the repository puts the scope in every query.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repo: DashboardRepository,
    private readonly access: AccessService,
    private readonly quotas: QuotasService,
    private readonly usage: UsageService,
  ) {}

  fleet(actor: Actor, now = new Date()): Promise<StaffDashboard> {
    this.access.requirePermission(actor, Permission.MonitoringFleet);
    return this.repo.staff(actor.scope, now);
  }

  async company(
    actor: Actor,
    q: CompanyDashboardQuery,
    now = new Date(),
  ): Promise<CompanyDashboard> {
    const companyId = q.companyId ?? this.onlyCompany(actor);
    await this.access.requireCompany(actor, companyId);
    const guestIds = await this.access.visibleGuestIds(actor);
    const userId = actor.scope.kind === 'vm_grants' ? actor.scope.userId : null;
    const monitoring = this.access.can(actor, Permission.MonitoringRead);
    const month = now.toISOString().slice(0, 7);
    const [estate, quota, usage] = await Promise.all([
      this.repo.company(actor.scope, companyId, { guestIds, userId }),
      guestIds === null ? this.quotas.get(actor, companyId) : null,
      monitoring ? this.usage.statement(actor, { companyId, month }) : null,
    ]);
    return {
      companyId,
      guests: estate.guests,
      allocated: estate.allocated,
      alerts: monitoring ? estate.alerts : null,
      quota: quota && { limits: quota.limits, usage: quota.usage },
      usageThisMonth: usage && {
        month,
        vcpuHours: usage.vcpuHours,
        ramGbHours: usage.ramGbHours,
      },
      lastBackups: estate.lastBackups,
      recentJobs: estate.recentJobs,
    };
  }

  /** A caller with exactly one company may leave companyId out. */
  private onlyCompany(actor: Actor): string {
    const ids = scopeCompanyIds(actor.scope);
    if (ids?.length === 1) return ids[0]!;
    throw new AppError('BAD_REQUEST', 'Name the company (companyId)');
  }
}
