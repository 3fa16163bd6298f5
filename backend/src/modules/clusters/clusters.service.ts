import { Injectable } from '@nestjs/common';
import { MAX_OWNED_CLUSTERS } from '@multpanel/contracts';
import type {
  ClusterCsvImportInput,
  ClusterCsvImportResult,
  ClusterTestResult,
  ClusterView,
  CreateClusterInput,
  CreateOwnedClusterInput,
  ProbedFingerprint,
  TestClusterInput,
  UpdateClusterInput,
} from '@multpanel/contracts';
import { AccessService, type ClusterNeed } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { normalizeFingerprint, probeFingerprint } from '../../common/proxmox';
import { ClusterConnectionService } from './cluster-connection.service';
import { DEFAULT_BUDGET } from './cluster-request-budget';
import { testClusterConnection } from './cluster-test';
import { ClusterJobsService } from './cluster-jobs.service';
import { readClusterCsv } from './clusters-csv';
import { toClusterView } from './clusters.mapper';
import { ClustersRepository, type ClusterRow, type ClusterWrite } from './clusters.repository';
import { mapLimit } from '../../common/async/map-limit';
import { PLATFORM_SCOPE, requireClusterInScope, type ClusterScope } from './cluster-scope';

const normalizeEndpoints = (eps: Array<{ url: string; fingerprint?: string }>) =>
  eps.map((e) => ({
    url: e.url,
    ...(e.fingerprint ? { fingerprint: normalizeFingerprint(e.fingerprint) } : {}),
  }));

/** Cluster records: list, add, edit, remove, connection tests, CSV import, sync requests. */
@Injectable()
export class ClustersService {
  constructor(
    private readonly repo: ClustersRepository,
    private readonly connections: ClusterConnectionService,
    private readonly jobs: ClusterJobsService,
    private readonly activity: ActivityService,
    private readonly access: AccessService,
  ) {}

  /**
   * On the platform: staff see every cluster, others the clusters open to their companies. In a
   * company's scope: that company's dedicated clusters.
   */
  async list(actor: Actor, scope: ClusterScope = PLATFORM_SCOPE): Promise<ClusterView[]> {
    if (!scope.ownerCompanyId) {
      return this.views(actor, await this.repo.list(scopeCompanyIds(actor.scope)));
    }
    const company = await this.access.requireCompany(actor, scope.ownerCompanyId);
    return this.views(actor, await this.repo.listOwned(company.id));
  }

  /** For platform jobs (monitoring): every cluster's id, name and health status. */
  async statuses(): Promise<Array<{ id: string; name: string; status: string }>> {
    const rows = await this.repo.list(null);
    return rows.map((r) => ({ id: r.id, name: r.name, status: r.status }));
  }

  async get(actor: Actor, id: string, scope: ClusterScope = PLATFORM_SCOPE): Promise<ClusterView> {
    const [view] = await this.views(actor, [await this.mustFind(actor, id, 'read', scope)]);
    return view;
  }

  /** Counts and the request rate of the last minute (Redis) for each row. */
  private async views(actor: Actor, rows: ClusterRow[]): Promise<ClusterView[]> {
    const ids = rows.map((r) => r.id);
    const [counts, rates] = await Promise.all([
      this.repo.counts(ids),
      this.connections.rates.current(ids),
    ]);
    const own = scopeCompanyIds(actor.scope);
    return rows.map((r) => ({
      ...toClusterView(r, counts.get(r.id)),
      // Which other companies share a cluster is not a customer's business.
      ...(own
        ? {
            allowedCompanyIds: r.allowedCompanies
              .map((c) => c.companyId)
              .filter((c) => own.includes(c))
              .sort(),
          }
        : {}),
      requestRate: rates.get(r.id),
    }));
  }

  /**
   * Adds a cluster; in a company's scope a dedicated cluster of that company (staff, or its admins
   * when the MSP allowed the company; the allow-list does not apply to it).
   */
  async create(
    input: CreateClusterInput | CreateOwnedClusterInput,
    actor: Actor,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterView> {
    const owner = await this.ownerFor(actor, scope);
    const allowed = owner || !('allowedCompanyIds' in input) ? [] : input.allowedCompanyIds;
    await this.assertCompaniesExist(allowed);
    if ((await this.repo.findNames([input.name])).length) {
      throw new AppError('CONFLICT', `A cluster named "${input.name}" already exists`);
    }
    if (owner) await this.assertOwnedRoom(owner);
    const row = await this.repo.create({ ...this.toWrite(input), ownerCompanyId: owner }, allowed);
    await this.activity.record({
      action: 'cluster.create',
      actor: actor.principal,
      companyId: owner ?? undefined,
      resourceType: 'cluster',
      resourceId: row.id,
      details: {
        name: row.name,
        endpoints: input.endpoints.map((e) => e.url),
        ...(owner ? { ownerCompanyId: owner } : {}),
      },
    });
    await this.jobs.kick(row.id);
    const [view] = await this.views(actor, [row]);
    return view;
  }

  /** In a company's scope the input has no allow-list or owner (UpdateOwnedClusterInput). */
  async update(
    actor: Actor,
    id: string,
    input: UpdateClusterInput,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterView> {
    const current = await this.mustFind(actor, id, 'manage', scope);
    if (input.allowedCompanyIds) await this.assertCompaniesExist(input.allowedCompanyIds);
    if (input.ownerCompanyId !== undefined && input.ownerCompanyId !== current.ownerCompanyId) {
      await this.assertOwnerChange(current, input.ownerCompanyId);
    }
    if (
      input.name &&
      input.name !== current.name &&
      (await this.repo.findNames([input.name])).length
    ) {
      throw new AppError('CONFLICT', `A cluster named "${input.name}" already exists`);
    }
    const data: Partial<ClusterWrite> = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.endpoints !== undefined) data.endpoints = normalizeEndpoints(input.endpoints);
    if (input.fingerprint !== undefined) data.fingerprint = normalizeFingerprint(input.fingerprint);
    if (input.caPem !== undefined) data.caPem = input.caPem;
    if (input.location !== undefined) data.location = input.location || null;
    if (input.tags !== undefined) data.tags = input.tags;
    if (input.healthIntervalSec !== undefined) data.healthIntervalSec = input.healthIntervalSec;
    if (input.syncIntervalSec !== undefined) data.syncIntervalSec = input.syncIntervalSec;
    if (input.requestRatePerSec !== undefined) data.requestRatePerSec = input.requestRatePerSec;
    if (input.requestBurst !== undefined) data.requestBurst = input.requestBurst;
    if (input.ownerCompanyId !== undefined) data.ownerCompanyId = input.ownerCompanyId;
    if (input.credentials) Object.assign(data, this.credentialColumns(input.credentials));
    const endpoints = (data.endpoints ?? current.endpoints) as Array<{ fingerprint?: string }>;
    const fingerprint = data.fingerprint !== undefined ? data.fingerprint : current.fingerprint;
    const caPem = data.caPem !== undefined ? data.caPem : current.caPem;
    if (!caPem && !fingerprint && endpoints.some((e) => !e.fingerprint)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Each endpoint needs a confirmed certificate fingerprint (or give a CA certificate)',
      );
    }
    const row = await this.repo.update(id, data, input.allowedCompanyIds);
    this.connections.drop(id);
    await this.activity.record({
      action: 'cluster.update',
      actor: actor.principal,
      companyId: row.ownerCompanyId ?? undefined,
      resourceType: 'cluster',
      resourceId: id,
      details: {
        fields: Object.keys(input).filter((k) => k !== 'credentials'),
        credentialsChanged: !!input.credentials,
      },
    });
    const [view] = await this.views(actor, [row]);
    return view;
  }

  async remove(actor: Actor, id: string, scope: ClusterScope = PLATFORM_SCOPE): Promise<void> {
    const row = await this.mustFind(actor, id, 'manage', scope);
    const outcome = await this.repo.delete(id);
    if ('blocked' in outcome) {
      throw new AppError(
        'CONFLICT',
        outcome.blocked === 'guests'
          ? `${outcome.count} guest(s) on ${row.name} belong to companies; move or release them before removing the cluster`
          : `${outcome.count} job(s) on ${row.name} are still queued or running; wait for them before removing the cluster`,
      );
    }
    this.connections.drop(id);
    await this.activity.record({
      action: 'cluster.delete',
      actor: actor.principal,
      companyId: row.ownerCompanyId ?? undefined,
      resourceType: 'cluster',
      resourceId: id,
      details: { name: row.name },
    });
  }

  async test(
    actor: Actor,
    id: string,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterTestResult> {
    return this.testRow(await this.mustFind(actor, id, 'manage', scope));
  }

  /** Endpoints and credentials before saving (the route checked cluster.manage, or here cluster.own). */
  async testUnsaved(
    actor: Actor,
    input: TestClusterInput,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ClusterTestResult> {
    await this.ownerFor(actor, scope);
    const api = this.connections.build(
      {
        endpoints: normalizeEndpoints(input.endpoints),
        credentials: input.credentials,
        fingerprint: input.fingerprint,
        caPem: input.caPem,
      },
      { retries: 0 },
    );
    try {
      return await testClusterConnection(api);
    } finally {
      api.close();
    }
  }

  async bulkTest(ids: string[]): Promise<
    Array<{
      clusterId: string;
      name: string | null;
      result: ClusterTestResult | null;
      error: string | null;
    }>
  > {
    const unique = [...new Set(ids)];
    const rows = new Map((await this.repo.findByIds(unique)).map((r) => [r.id, r]));
    return mapLimit(unique, 10, async (clusterId) => {
      const row = rows.get(clusterId);
      if (!row) return { clusterId, name: null, result: null, error: 'Cluster not found' };
      const result = await this.testRow(row);
      return { clusterId, name: row.name, result, error: result.error };
    });
  }

  async probe(
    actor: Actor,
    url: string,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<ProbedFingerprint> {
    await this.ownerFor(actor, scope);
    try {
      const cert = await probeFingerprint(url);
      return {
        url,
        fingerprint: cert.fingerprint,
        subject: cert.subject,
        issuer: cert.issuer,
        validFrom: cert.validFrom,
        validTo: cert.validTo,
        selfSigned: cert.selfSigned,
      };
    } catch (err) {
      throw new AppError(
        'BAD_REQUEST',
        `Could not read a TLS certificate from ${url}: ${(err as Error).message}`,
      );
    }
  }

  async importCsv(input: ClusterCsvImportInput, actor: Actor): Promise<ClusterCsvImportResult> {
    const { rows, headerProblems } = readClusterCsv(input.csv);
    if (headerProblems.length) {
      throw new AppError('VALIDATION_FAILED', 'The CSV header is not usable', {
        problems: headerProblems,
      });
    }
    const taken = new Set(
      (await this.repo.findNames(rows.map((r) => r.name).filter((n): n is string => !!n))).map(
        (r) => r.name.toLowerCase(),
      ),
    );
    for (const row of rows) {
      if (row.name && taken.has(row.name.toLowerCase())) {
        row.problems.push(`a cluster named "${row.name}" already exists`);
        row.input = undefined;
      }
    }
    const result: ClusterCsvImportResult = {
      dryRun: input.dryRun,
      total: rows.length,
      valid: rows.filter((r) => r.input).length,
      created: 0,
      rows: rows.map((r) => ({ line: r.line, name: r.name, ok: !!r.input, problems: r.problems })),
    };
    if (input.dryRun) return result;
    for (const [i, row] of rows.entries()) {
      if (!row.input) continue;
      const created = await this.create(row.input, actor);
      result.rows[i].clusterId = created.id;
      result.created++;
    }
    return result;
  }

  /** Queue a health check and inventory sync now. */
  async requestSync(
    actor: Actor,
    id: string,
    scope: ClusterScope = PLATFORM_SCOPE,
  ): Promise<{ queued: true }> {
    await this.mustFind(actor, id, 'manage', scope);
    await this.jobs.kick(id);
    return { queued: true };
  }

  /**
   * The company a new cluster will belong to: none on the platform (the route checked
   * cluster.manage); in a company's scope that company, if the caller may give it one
   * (access layer: staff always, its admins when the MSP allowed the company).
   */
  private async ownerFor(actor: Actor, scope: ClusterScope): Promise<string | null> {
    if (!scope.ownerCompanyId) return null;
    return (await this.access.requireClusterOwner(actor, scope.ownerCompanyId)).id;
  }

  /** Who owns the cluster (null: an MSP cluster); for the inventory sync's automatic import. */
  ownerOf(clusterId: string): Promise<string | null> {
    return this.repo.ownerOf(clusterId);
  }

  private async assertOwnedRoom(companyId: string): Promise<void> {
    if ((await this.repo.countOwned(companyId)) >= MAX_OWNED_CLUSTERS) {
      throw new AppError(
        'CONFLICT',
        `A company may own at most ${MAX_OWNED_CLUSTERS} clusters; remove one before adding another`,
      );
    }
  }

  /** An owned cluster's guests belong to its owner alone: no other company may hold any. */
  private async assertOwnerChange(current: ClusterRow, owner: string | null): Promise<void> {
    if (owner === null) return;
    await this.assertCompaniesExist([owner]);
    await this.assertOwnedRoom(owner);
    const others = await this.repo.countGuestsNotOf(current.id, owner);
    if (others > 0) {
      throw new AppError(
        'CONFLICT',
        `${others} guest(s) on ${current.name} belong to other companies; move or release them before giving the cluster to one company`,
      );
    }
  }

  async recordSync(id: string, outcome: { at: Date; error: string | null }): Promise<void> {
    await this.repo.updateSyncState(
      id,
      outcome.error
        ? { lastSyncError: outcome.error }
        : { lastSyncAt: outcome.at, lastSyncError: null },
    );
  }

  /** A one-off client without retries, closed afterwards so no kept-alive socket lingers. */
  async testRow(row: ClusterRow): Promise<ClusterTestResult> {
    const api = this.connections.forRow(row, 'interactive', { retries: 0 });
    try {
      return await testClusterConnection(api);
    } finally {
      api.close();
    }
  }

  /** The access layer decides (in `scope`); the full row is then read by id. */
  private async mustFind(
    actor: Actor,
    id: string,
    need: ClusterNeed,
    scope: ClusterScope,
  ): Promise<ClusterRow> {
    await requireClusterInScope(this.access, actor, id, need, scope);
    const row = await this.repo.findById(id);
    if (!row) throw notFound('Cluster');
    return row;
  }

  private async assertCompaniesExist(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set((await this.repo.existingCompanyIds(ids)).map((c) => c.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new AppError('NOT_FOUND', `Company not found: ${missing.join(', ')}`);
  }

  private credentialColumns(
    c: CreateClusterInput['credentials'],
  ): Pick<ClusterWrite, 'authType' | 'authUser' | 'secret'> {
    return c.type === 'token'
      ? { authType: 'token', authUser: c.tokenId, secret: this.connections.encryptSecret(c.secret) }
      : {
          authType: 'password',
          authUser: c.username,
          secret: this.connections.encryptSecret(c.password),
        };
  }

  private toWrite(input: CreateClusterInput | CreateOwnedClusterInput): ClusterWrite {
    return {
      name: input.name,
      endpoints: normalizeEndpoints(input.endpoints),
      fingerprint: input.fingerprint ? normalizeFingerprint(input.fingerprint) : null,
      caPem: input.caPem ?? null,
      location: input.location || null,
      tags: input.tags,
      healthIntervalSec: input.healthIntervalSec,
      syncIntervalSec: input.syncIntervalSec,
      requestRatePerSec: input.requestRatePerSec ?? DEFAULT_BUDGET.ratePerSec,
      requestBurst: input.requestBurst ?? DEFAULT_BUDGET.burst,
      ...this.credentialColumns(input.credentials),
    };
  }
}
