import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Permission,
  type CompanyDashboard,
  type CompanyDashboardQuery,
  type StaffDashboard,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds, type Scope } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import { SharedCache } from '../../common/redis/shared-cache';
import { QuotasService } from '../quotas/quotas.service';
import { UsageService } from '../usage/usage.service';
import { DashboardRepository } from './dashboard.repository';

/** The fleet figures may be this old: 20 staff screens refreshing cost one computation per interval. */
export const FLEET_CACHE_MS = 5_000;

/**
 * A company's month-to-date usage may be this old on its dashboard: it sums the month's samples
 * (hourly), so a minute changes nothing a person reads, and 20 screens cost one sum per minute.
 */
export const COMPANY_USAGE_CACHE_MS = 60_000;

/** The cache key of a scope's fleet view: every super_admin shares one, a company set its own. */
export function fleetScopeKey(scope: Scope): string {
  const ids = scopeCompanyIds(scope);
  if (ids === null) return 'all';
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('hex')
    .slice(0, 32);
}

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
    private readonly cache: SharedCache,
  ) {}

  fleet(actor: Actor): Promise<StaffDashboard> {
    this.access.requirePermission(actor, Permission.MonitoringFleet);
    return this.cache.get(['dashboard', 'fleet', fleetScopeKey(actor.scope)], FLEET_CACHE_MS, () =>
      this.repo.staff(actor.scope, new Date()),
    );
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
      monitoring
        ? this.cache.get(['dashboard', 'usage', companyId, month], COMPANY_USAGE_CACHE_MS, () =>
            this.usage
              .statement(actor, { companyId, month })
              .then((u) => ({ vcpuHours: u.vcpuHours, ramGbHours: u.ramGbHours })),
          )
        : null,
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
