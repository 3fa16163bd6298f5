import { Injectable } from '@nestjs/common';
import type {
  CompanyListQuery,
  CompanyView,
  CreateCompanyInput,
  Paged,
  UpdateCompanyInput,
} from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import type { Scope } from '../../common/auth/scope';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import { BrandingService } from '../branding/branding.service';
import { TicketsService } from '../tickets/tickets.service';
import { toCompanyView } from './companies.mapper';
import { CompaniesRepository } from './companies.repository';

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56);
  return s || 'company';
}

@Injectable()
export class CompaniesService {
  constructor(
    private readonly repo: CompaniesRepository,
    private readonly activity: ActivityService,
    private readonly revocations: AccessRevocations,
    private readonly tickets: TicketsService,
    private readonly branding: BrandingService,
  ) {}

  async list(scope: Scope, q: CompanyListQuery): Promise<Paged<CompanyView>> {
    const { rows, total } = await this.repo.list(scope, q);
    // The list shows each company's figures: one grouped query for the page, not one per row.
    const usage = await this.repo.usageOf(rows.map((r) => r.id));
    const none = { guests: 0, vcpus: 0, memoryMb: 0, diskGb: 0 };
    const items = rows.map((r) => ({ ...toCompanyView(r), usage: usage.get(r.id) ?? none }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async get(scope: Scope, id: string): Promise<CompanyView> {
    const row = await this.repo.find(scope, id);
    if (!row) throw notFound('Company');
    return toCompanyView(row);
  }

  async create(actor: Actor, input: CreateCompanyInput): Promise<CompanyView> {
    let slug = input.slug ?? slugify(input.name);
    if (input.slug && (await this.repo.slugTaken(slug))) {
      throw new AppError('CONFLICT', `The slug "${slug}" is taken`);
    }
    for (let n = 2; !input.slug && (await this.repo.slugTaken(slug)); n++) {
      slug = `${slugify(input.name)}-${n}`;
    }
    const row = await this.repo.create({ ...input, slug });
    await this.audit(actor, 'company.create', row.id, { name: row.name });
    return toCompanyView(row);
  }

  async update(actor: Actor, id: string, input: UpdateCompanyInput): Promise<CompanyView> {
    if (input.slug) {
      const current = await this.repo.find(actor.scope, id);
      if (!current) throw notFound('Company');
      if (current.slug !== input.slug && (await this.repo.slugTaken(input.slug))) {
        throw new AppError('CONFLICT', `The slug "${input.slug}" is taken`);
      }
    }
    const row = await this.repo.update(actor.scope, id, input);
    if (!row) throw notFound('Company');
    if (input.name !== undefined) await this.branding.companyRenamed();
    await this.audit(actor, 'company.update', id, { fields: Object.keys(input) });
    return toCompanyView(row);
  }

  /** Company admins hold this without general company edit rights. */
  async setRequire2fa(
    actor: Actor,
    id: string,
    require2fa: boolean,
    requirePhishingResistantMfa?: boolean,
  ): Promise<CompanyView> {
    const before = await this.repo.find(actor.scope, id);
    const row = await this.repo.update(actor.scope, id, {
      require2fa,
      ...(requirePhishingResistantMfa === undefined ? {} : { requirePhishingResistantMfa }),
    });
    if (!row) throw notFound('Company');
    const endedSessions =
      require2fa && !before?.require2fa
        ? await this.repo.endSessionsWithout2fa(id, actor.principal.sessionFamilyId)
        : 0;
    if (endedSessions > 0) await this.revocations.publish({ companyId: id });
    await this.audit(actor, 'company.require_2fa', id, {
      require2fa,
      requirePhishingResistantMfa,
      endedSessions,
    });
    return toCompanyView(row);
  }

  async setStatus(actor: Actor, id: string, status: 'active' | 'suspended'): Promise<CompanyView> {
    const row = await this.repo.update(actor.scope, id, {
      status,
      suspendedAt: status === 'suspended' ? new Date() : null,
    });
    if (!row) throw notFound('Company');
    if (status === 'suspended') await this.revocations.publish({ companyId: id });
    await this.audit(actor, status === 'suspended' ? 'company.suspend' : 'company.resume', id);
    return toCompanyView(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Company');
    if (row._count.users > 0) {
      throw new AppError('CONFLICT', 'Remove or move the company users before deleting it');
    }
    const outcome = await this.repo.delete(actor.scope, id);
    if (outcome === 'missing') throw notFound('Company');
    if (outcome !== 'deleted') {
      throw new AppError(
        'CONFLICT',
        outcome.blocked === 'guests'
          ? `The company still owns ${outcome.count} guest(s); move or release them before deleting it`
          : outcome.blocked === 'clusters'
            ? `The company still owns ${outcome.count} cluster(s); remove them before deleting it`
            : `${outcome.count} job(s) of the company are still queued or running; wait for them before deleting it`,
      );
    }
    // Tickets live in their own module (and their files on disk): it removes them.
    const tickets = await this.tickets.purgeCompany(id);
    // Its host names become free for another company; its logos leave the disk.
    await this.branding.purgeCompany(id);
    await this.audit(actor, 'company.delete', id, { name: row.name, tickets });
  }

  async setSalespeople(actor: Actor, id: string, userIds: string[]): Promise<CompanyView> {
    const before = await this.repo.find(actor.scope, id);
    if (!before) throw notFound('Company');
    const unique = [...new Set(userIds)];
    if ((await this.repo.countSalespeople(unique)) !== unique.length) {
      throw new AppError('VALIDATION_FAILED', 'Every assigned user must be a salesperson', [
        { path: 'userIds', message: 'not a salesperson', code: 'custom' },
      ]);
    }
    await this.repo.setSalespeople(id, unique);
    // Whoever gained or lost the company sees it in live events from their next connection.
    const previous = before.salespersonAssignments.map((a) => a.userId);
    const changed = [...previous, ...unique].filter(
      (u) => !previous.includes(u) || !unique.includes(u),
    );
    await this.revocations.publish(...changed.map((userId) => ({ userId })));
    await this.audit(actor, 'company.assign_sales', id, { userIds: unique });
    return this.get(actor.scope, id);
  }

  private audit(
    actor: Actor,
    action: string,
    companyId: string,
    details?: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType: 'company',
      resourceId: companyId,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}
