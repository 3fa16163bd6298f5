import { Injectable } from '@nestjs/common';
import type {
  JobDto,
  MediaDto,
  TemplateDto,
  TemplateListQuery,
  TemplatePage,
  UpdateTemplateInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { AppError } from '../../common/errors/app-error';
import type { ProxmoxApi } from '../../common/proxmox';
import { RedisService } from '../../common/redis/redis.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { JobsService } from '../jobs/jobs.service';
import {
  TemplatesRepository,
  type ScannedTemplate,
  type TemplateRow,
} from './templates.repository';

/** Install media change rarely; every process shares one copy per cluster for this long. */
const MEDIA_TTL_MS = 60_000;

@Injectable()
export class TemplatesService {
  constructor(
    private readonly repo: TemplatesRepository,
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly redis: RedisService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
  ) {}

  /** A scan job for one cluster (which must exist) or every reachable one. */
  async startScan(actor: Actor, clusterId: string | null): Promise<{ job: JobDto }> {
    if (clusterId) await this.access.requireCluster(actor, clusterId, 'manage');
    const job = await this.jobs.start({
      type: 'templates.scan',
      companyId: null,
      actorId: actor.principal.userId,
      clusterId,
      params: { clusterId },
    });
    return { job };
  }

  /** Templates usable by the caller's companies (and by `companyId` when given). */
  async list(actor: Actor, q: TemplateListQuery): Promise<TemplatePage> {
    const companies = scopeCompanyIds(actor.scope);
    const { rows, total } = await this.repo.list(companies, q);
    return {
      items: rows.map((r) => toDto(r, companies === null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async update(actor: Actor, id: string, input: UpdateTemplateInput): Promise<TemplateDto> {
    await this.access.requireTemplate(actor, id, 'manage');
    const allowed = input.allowedCompanyIds ? [...new Set(input.allowedCompanyIds)] : undefined;
    if (allowed) {
      const found = new Set((await this.repo.existingCompanyIds(allowed)).map((c) => c.id));
      const missing = allowed.filter((c) => !found.has(c));
      if (missing.length)
        throw new AppError('NOT_FOUND', `Company not found: ${missing.join(', ')}`);
    }
    await this.repo.update(id, { windowsGpu: input.windowsGpu }, allowed);
    await this.activity.record({
      action: 'template.update',
      actor: actor.principal,
      resourceType: 'template',
      resourceId: id,
      details: input,
    });
    return toDto((await this.repo.findById(id))!, true);
  }

  /**
   * ISO images or container templates on a cluster the caller may use (staff: any), read from
   * Proxmox at most once a minute per cluster for every process together.
   */
  async media(actor: Actor, clusterId: string, kind?: 'iso' | 'vztmpl'): Promise<MediaDto[]> {
    await this.access.requireCluster(actor, clusterId, 'use');
    const key = this.redis.key('media', clusterId);
    const cached = await this.redis.client.get(key);
    let all: MediaDto[];
    if (cached) all = JSON.parse(cached) as MediaDto[];
    else {
      const conn = await this.connections.open(clusterId, 'interactive', { whenOffline: 'refuse' });
      all = await readMedia(conn.api);
      await this.redis.client.set(key, JSON.stringify(all), 'PX', MEDIA_TTL_MS);
    }
    return kind ? all.filter((m) => m.kind === kind) : all;
  }

  /** Worker: read the cluster's templates (qemu and lxc guests flagged template). */
  async scanCluster(clusterId: string): Promise<{ found: number; gone: number }> {
    const conn = await this.connections.open(clusterId, 'background');
    const seen: ScannedTemplate[] = (await conn.api.clusterResources('vm'))
      .filter((r) => r.template && r.vmid !== undefined && r.node)
      .map((r) => ({
        node: r.node!,
        vmid: r.vmid!,
        kind: r.type === 'lxc' ? 'lxc' : 'qemu',
        name: r.name ?? `template-${r.vmid}`,
      }));
    return this.repo.applyScan(clusterId, seen, new Date());
  }

  clusterIds(): Promise<string[]> {
    return this.repo.clusterIds();
  }

  /** A guest converted to a template becomes usable by its own company. */
  registerConverted(clusterId: string, t: ScannedTemplate, companyId: string): Promise<unknown> {
    return this.repo.upsertOne(clusterId, t, [companyId]);
  }

  /**
   * Demo estate: make a template seen on the cluster usable by `companyIds`, unless someone already
   * decided who may use it. Returns whether it changed.
   */
  async offerToCompanies(
    clusterId: string,
    t: ScannedTemplate,
    companyIds: string[],
  ): Promise<boolean> {
    const existing = await this.repo.findByVmid(clusterId, t.vmid);
    if (existing && existing.companies.length) return false;
    await this.repo.upsertOne(clusterId, t, companyIds);
    return true;
  }
}

async function readMedia(api: ProxmoxApi): Promise<MediaDto[]> {
  const nodes = (await api.nodes()).filter((n) => n.status === 'online');
  const out = new Map<string, MediaDto>();
  for (const n of nodes) {
    for (const s of await api.storages(n.node, { enabled: true })) {
      for (const k of ['iso', 'vztmpl'] as const) {
        if (!s.content.includes(k)) continue;
        for (const v of await api.storageContent(n.node, s.storage, { content: k })) {
          // Shared storages list the same volume on every node: keep the first.
          if (!out.has(v.volid))
            out.set(v.volid, {
              volid: v.volid,
              kind: k,
              storage: s.storage,
              node: n.node,
              size: v.size,
            });
        }
      }
    }
  }
  return [...out.values()].sort((a, b) => a.volid.localeCompare(b.volid));
}

function toDto(r: TemplateRow, staff: boolean): TemplateDto {
  const dto: TemplateDto = {
    id: r.id,
    clusterId: r.clusterId,
    clusterName: r.cluster.name,
    node: r.node,
    vmid: r.vmid,
    kind: r.kind,
    name: r.name,
    windowsGpu: r.windowsGpu,
    lastSeenAt: r.lastSeenAt.toISOString(),
  };
  if (staff) dto.allowedCompanyIds = r.companies.map((c) => c.companyId);
  return dto;
}
