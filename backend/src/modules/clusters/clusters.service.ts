import { Injectable } from '@nestjs/common';
import type {
  ClusterCsvImportInput,
  ClusterCsvImportResult,
  ClusterHealthPoint,
  ClusterNodesLive,
  ClusterNodeView,
  ClusterStorageView,
  ClusterTestResult,
  ClusterView,
  CreateClusterInput,
  ProbedFingerprint,
  TestClusterInput,
  UpdateClusterInput,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import {
  normalizeFingerprint,
  probeFingerprint,
  ProxmoxError,
  type ProxmoxApi,
} from '../../common/proxmox';
import { ClusterConnectionService } from './cluster-connection.service';
import { lastKnownNode, mergeLiveNodes } from './cluster-nodes';
import { testClusterConnection } from './cluster-test';
import { ClusterJobsService } from './cluster-jobs.service';
import { readClusterCsv } from './clusters-csv';
import { toClusterView } from './clusters.mapper';
import { ClustersRepository, type ClusterRow, type ClusterWrite } from './clusters.repository';
import { mapLimit } from '../../common/async/map-limit';

const normalizeEndpoints = (eps: Array<{ url: string; fingerprint?: string }>) =>
  eps.map((e) => ({
    url: e.url,
    ...(e.fingerprint ? { fingerprint: normalizeFingerprint(e.fingerprint) } : {}),
  }));

/** A page load must not wait for a struggling cluster: its last known nodes come back instead. */
const LIVE_NODES_TIMEOUT_MS = 5_000;

@Injectable()
export class ClustersService {
  constructor(
    private readonly repo: ClustersRepository,
    private readonly connections: ClusterConnectionService,
    private readonly jobs: ClusterJobsService,
    private readonly activity: ActivityService,
  ) {}

  async list(): Promise<ClusterView[]> {
    const rows = await this.repo.list();
    const counts = await this.repo.counts(rows.map((r) => r.id));
    return rows.map((r) => toClusterView(r, counts.get(r.id)));
  }

  async get(id: string): Promise<ClusterView> {
    const row = await this.mustFind(id);
    const counts = await this.repo.counts([id]);
    return toClusterView(row, counts.get(id));
  }

  async create(input: CreateClusterInput, actor: Principal | null): Promise<ClusterView> {
    await this.assertCompaniesExist(input.allowedCompanyIds);
    if ((await this.repo.findNames([input.name])).length) {
      throw new AppError('CONFLICT', `A cluster named "${input.name}" already exists`);
    }
    const row = await this.repo.create(this.toWrite(input), input.allowedCompanyIds);
    await this.activity.record({
      action: 'cluster.create',
      actor,
      resourceType: 'cluster',
      resourceId: row.id,
      details: { name: row.name, endpoints: input.endpoints.map((e) => e.url) },
    });
    await this.jobs.kick(row.id);
    return toClusterView(row);
  }

  async update(
    id: string,
    input: UpdateClusterInput,
    actor: Principal | null,
  ): Promise<ClusterView> {
    const current = await this.mustFind(id);
    if (input.allowedCompanyIds) await this.assertCompaniesExist(input.allowedCompanyIds);
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
      actor,
      resourceType: 'cluster',
      resourceId: id,
      details: {
        fields: Object.keys(input).filter((k) => k !== 'credentials'),
        credentialsChanged: !!input.credentials,
      },
    });
    const counts = await this.repo.counts([id]);
    return toClusterView(row, counts.get(id));
  }

  async remove(id: string, actor: Principal | null): Promise<void> {
    const row = await this.mustFind(id);
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
      actor,
      resourceType: 'cluster',
      resourceId: id,
      details: { name: row.name },
    });
  }

  async test(id: string): Promise<ClusterTestResult> {
    const row = await this.mustFind(id);
    return this.testRow(row);
  }

  async testUnsaved(input: TestClusterInput): Promise<ClusterTestResult> {
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

  async probe(url: string): Promise<ProbedFingerprint> {
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

  async importCsv(
    input: ClusterCsvImportInput,
    actor: Principal | null,
  ): Promise<ClusterCsvImportResult> {
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

  async healthHistory(id: string, hours = 24): Promise<ClusterHealthPoint[]> {
    await this.mustFind(id);
    const samples = await this.repo.healthSamplesSince(id, new Date(Date.now() - hours * 3600_000));
    return samples.map((s) => ({
      at: s.at.toISOString(),
      ok: s.ok,
      latencyMs: s.latencyMs,
      error: s.error,
    }));
  }

  /** Nodes from the last sync; a node gone from Proxmox keeps its row with `goneAt`. */
  async nodes(id: string): Promise<ClusterNodeView[]> {
    await this.mustFind(id);
    return this.storedNodes(id);
  }

  /**
   * Nodes with their current load, read from Proxmox now and merged with the stored rows (nothing
   * is written). A cluster known to be offline is not asked; one that fails to answer within
   * LIVE_NODES_TIMEOUT_MS gives the stored rows as last known, with the reason.
   */
  async liveNodes(id: string): Promise<ClusterNodesLive> {
    const row = await this.mustFind(id);
    const stored = await this.storedNodes(id);
    const lastKnown = (error: string): ClusterNodesLive => ({
      live: false,
      error,
      readAt: null,
      nodes: stored.map(lastKnownNode),
    });
    if (row.status === 'offline') return lastKnown(row.lastError ?? `${row.name} is offline`);
    try {
      const resources = await this.connections
        .forCluster(row)
        .clusterResources('node', { timeoutMs: LIVE_NODES_TIMEOUT_MS, retries: 0 });
      const readAt = new Date();
      return {
        live: true,
        error: null,
        readAt: readAt.toISOString(),
        nodes: mergeLiveNodes(stored, resources, readAt),
      };
    } catch (err) {
      if (err instanceof ProxmoxError) return lastKnown(err.message);
      throw err;
    }
  }

  private async storedNodes(id: string): Promise<ClusterNodeView[]> {
    return (await this.repo.nodes(id)).map((n) => ({
      name: n.name,
      status: n.status,
      maxcpu: n.maxcpu,
      maxmemBytes: n.maxmem === null ? null : Number(n.maxmem),
      maxdiskBytes: n.maxdisk === null ? null : Number(n.maxdisk),
      goneAt: n.goneAt?.toISOString() ?? null,
      updatedAt: n.updatedAt.toISOString(),
    }));
  }

  async storages(id: string): Promise<ClusterStorageView[]> {
    await this.mustFind(id);
    return (await this.repo.storages(id)).map((s) => ({
      node: s.node,
      storage: s.storage,
      type: s.type,
      content: s.content ? s.content.split(',') : [],
      shared: s.shared,
      status: s.status,
      usedBytes: s.disk === null ? null : Number(s.disk),
      totalBytes: s.maxdisk === null ? null : Number(s.maxdisk),
      goneAt: s.goneAt?.toISOString() ?? null,
    }));
  }

  /** Live Ceph status (not stored); an unreachable cluster answers 503 with the reason. */
  async ceph(id: string): Promise<{ health: string | null; raw: Record<string, unknown> }> {
    const row = await this.mustFind(id);
    try {
      const raw = await this.connections.forCluster(row).cephStatus();
      const health = (raw?.health as { status?: unknown } | undefined)?.status;
      return { health: typeof health === 'string' ? health : null, raw: raw ?? {} };
    } catch (err) {
      if (err instanceof ProxmoxError) {
        throw new AppError(
          err.code === 'PVE_NOT_FOUND' || err.code === 'PVE_SERVER'
            ? 'NOT_FOUND'
            : 'DEPENDENCY_UNAVAILABLE',
          err.code === 'PVE_NOT_FOUND' || err.code === 'PVE_SERVER'
            ? `Ceph is not set up on ${row.name}`
            : err.message,
        );
      }
      throw err;
    }
  }

  async requestSync(id: string): Promise<{ queued: true }> {
    await this.mustFind(id);
    await this.jobs.kick(id);
    return { queued: true };
  }

  /** For other modules' services (inventory sync): a ready client, or null when the cluster is gone. */
  async connect(
    id: string,
  ): Promise<{ id: string; name: string; status: string; api: ProxmoxApi } | null> {
    const row = await this.repo.findById(id);
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      api: this.connections.forCluster(row),
    };
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
  private async testRow(row: ClusterRow): Promise<ClusterTestResult> {
    const api = this.connections.forCluster(row, { retries: 0 });
    try {
      return await testClusterConnection(api);
    } finally {
      api.close();
    }
  }

  private async mustFind(id: string): Promise<ClusterRow> {
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

  private toWrite(input: CreateClusterInput): ClusterWrite {
    return {
      name: input.name,
      endpoints: normalizeEndpoints(input.endpoints),
      fingerprint: input.fingerprint ? normalizeFingerprint(input.fingerprint) : null,
      caPem: input.caPem ?? null,
      location: input.location || null,
      tags: input.tags,
      healthIntervalSec: input.healthIntervalSec,
      syncIntervalSec: input.syncIntervalSec,
      ...this.credentialColumns(input.credentials),
    };
  }
}
