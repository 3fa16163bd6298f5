import { Injectable } from '@nestjs/common';
import type { MediaDto, TemplateDto, UpdateTemplateInput } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import { scopeCompanyIds, type Principal, type Scope } from '../../common/auth/scope';
import { AppError, notFound } from '../../common/errors/app-error';
import { ClustersService } from '../clusters/clusters.service';
import {
  TemplatesRepository,
  type ScannedTemplate,
  type TemplateRow,
} from './templates.repository';

const idsOf = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

@Injectable()
export class TemplatesService {
  constructor(
    private readonly repo: TemplatesRepository,
    private readonly clusters: ClustersService,
    private readonly activity: ActivityService,
  ) {}

  /** Templates usable by the scope (and by `companyId` when given). */
  async list(scope: Scope, q: { clusterId?: string; companyId?: string }): Promise<TemplateDto[]> {
    const rows = await this.repo.list(q.clusterId);
    const mine = scopeCompanyIds(scope);
    return rows
      .filter((r) => {
        const allowed = idsOf(r.allowedCompanyIds);
        if (q.companyId && !allowed.includes(q.companyId)) return false;
        return mine === null || allowed.some((id) => mine.includes(id));
      })
      .map((r) => toDto(r, mine === null));
  }

  /** For create: the template if `companyId` may use it, else 404 (unknown and forbidden look alike). */
  async usableBy(id: string, companyId: string): Promise<TemplateRow> {
    const row = await this.repo.findById(id);
    if (!row || !idsOf(row.allowedCompanyIds).includes(companyId)) throw notFound('Template');
    return row;
  }

  async update(p: Principal, id: string, input: UpdateTemplateInput): Promise<TemplateDto> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound('Template');
    if (input.allowedCompanyIds) {
      const found = new Set(
        (await this.repo.existingCompanyIds(input.allowedCompanyIds)).map((c) => c.id),
      );
      const missing = input.allowedCompanyIds.filter((c) => !found.has(c));
      if (missing.length)
        throw new AppError('NOT_FOUND', `Company not found: ${missing.join(', ')}`);
    }
    await this.repo.update(id, {
      ...(input.allowedCompanyIds
        ? { allowedCompanyIds: [...new Set(input.allowedCompanyIds)] }
        : {}),
      ...(input.windowsGpu !== undefined ? { windowsGpu: input.windowsGpu } : {}),
    });
    await this.activity.record({
      action: 'template.update',
      actor: p,
      resourceType: 'template',
      resourceId: id,
      details: input,
    });
    return toDto((await this.repo.findById(id))!, true);
  }

  /** ISO images or container templates on the cluster's storages (live read). */
  async media(clusterId: string, kind?: 'iso' | 'vztmpl'): Promise<MediaDto[]> {
    const conn = await this.clusters.connect(clusterId);
    if (!conn) throw notFound('Cluster');
    const nodes = (await conn.api.nodes()).filter((n) => n.status === 'online');
    const out = new Map<string, MediaDto>();
    const kinds = kind ? [kind] : (['iso', 'vztmpl'] as const);
    for (const n of nodes) {
      const storages = await conn.api.storages(n.node, { enabled: true });
      for (const s of storages) {
        for (const k of kinds) {
          if (!s.content.includes(k)) continue;
          for (const v of await conn.api.storageContent(n.node, s.storage, { content: k })) {
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

  /** Worker: read the cluster's templates (qemu and lxc guests flagged template). */
  async scanCluster(clusterId: string): Promise<{ found: number; gone: number }> {
    const conn = await this.clusters.connect(clusterId);
    if (!conn) throw notFound('Cluster');
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
  if (staff) dto.allowedCompanyIds = idsOf(r.allowedCompanyIds);
  return dto;
}
