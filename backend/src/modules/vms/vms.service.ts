import { Injectable } from '@nestjs/common';
import {
  type BulkVmResult,
  type CreateVmInput,
  type JobDto,
  type PciMappingView,
  type PciMappingsQuery,
  type TrackedJobName,
  type TrackedJobParams,
  type UpdateVmInput,
  type VmDetail,
  type VmJobAccepted,
  type VmListQuery,
  type VmLiveStatus,
  type VmMigrateTargets,
  type VmPage,
  type VmPowerAction,
  type VmRight,
  type VmRrdPoint,
  type VmSnapshot,
  type VmSummary,
  VM_BULK_ACTIONS,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal, Scope } from '../../common/auth/scope';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { pvePath, toNumber, type ProxmoxApi } from '../../common/proxmox';
import { Prisma } from '../../generated/prisma/client';
import { ClustersService } from '../clusters/clusters.service';
import { toJobDto } from '../jobs/jobs.mapper';
import { JobsService, type NewJob } from '../jobs/jobs.service';
import { QuotasService } from '../quotas/quotas.service';
import { TemplatesService } from '../templates/templates.service';
import { VmAccessService } from '../vm-grants/vm-access.service';
import type { AccessibleGuest } from '../vm-grants/vm-grants.repository';
import { cloudInitParams, configView, disksOf, netsOf, netValue, tagsValue } from './vms-config';
import { migrateTargetsView } from './vms-migrate-targets';
import { pciMappingViews } from './vms-pci';
import { placeGuest, type NodeCandidate } from './vms-placement';
import { fromProxmox, nodeOffline, vmLocked } from './vms.errors';
import { toVmSummary } from './vms.mapper';
import { VmsRepository, type GuestSummaryRow } from './vms.repository';

export const JOB_SECRET_CONTEXT = 'job.secret';
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const LIVE_TIMEOUT_MS = 4000;

type Raw = Record<string, unknown>;

/** Rules for guests: scoping, quotas, validation; Proxmox tasks are handed to the worker as jobs. */
@Injectable()
export class VmsService {
  constructor(
    private readonly repo: VmsRepository,
    private readonly access: VmAccessService,
    private readonly jobs: JobsService,
    private readonly quotas: QuotasService,
    private readonly templates: TemplatesService,
    private readonly clusters: ClustersService,
    private readonly cipher: SecretsCipher,
    private readonly activity: ActivityService,
  ) {}

  // --- read -------------------------------------------------------------------------------

  async list(scope: Scope, q: VmListQuery): Promise<VmPage> {
    const guestIds = await this.access.visibleGuestIds(scope);
    const [rows, total] = await this.repo.page(scope, guestIds, q);
    return { items: await this.summaries(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, scope: Scope, id: string): Promise<VmDetail> {
    const guest = await this.access.assertRight(p, scope, id, 'view');
    const [summary] = await this.summaries([guest]);
    const rights = await this.access.rightsOn(p, scope, id);
    const detail: VmDetail = {
      ...summary,
      live: null,
      config: null,
      clusterStatus: guest.cluster.status,
      rights,
    };
    if (guest.activeVmid === null || guest.cluster.status === 'offline') return detail;
    const conn = await this.clusters.connect(guest.clusterId);
    if (!conn) return detail;
    try {
      const opts = { timeoutMs: LIVE_TIMEOUT_MS, retries: 0 };
      const [status, cfg] = await Promise.all([
        conn.api.client.get<Raw>(
          pvePath`/nodes/${guest.node}/${guest.kind}/${guest.activeVmid!}/status/current`,
          {},
          opts,
        ),
        conn.api.client.get<Raw>(
          pvePath`/nodes/${guest.node}/${guest.kind}/${guest.activeVmid!}/config`,
          {},
          opts,
        ),
      ]);
      detail.live = liveOf(status);
      detail.config = configView(guest.kind, cfg ?? {});
    } catch (err) {
      detail.clusterStatus = `unreachable: ${(err as Error).message}`;
    }
    return detail;
  }

  async rrd(
    p: Principal,
    scope: Scope,
    id: string,
    timeframe: 'hour' | 'day' | 'week',
  ): Promise<VmRrdPoint[]> {
    const g = await this.assertActive(p, scope, id, 'view');
    const api = await this.api(g);
    const rows = await api
      .guestRrdData(g.node, g.kind, g.activeVmid!, timeframe, 'AVERAGE')
      .catch(fromProxmox);
    const n = (v: unknown) => (v === undefined || v === null ? null : (toNumber(v) ?? null));
    return rows.map((r) => ({
      time: Number(r.time ?? 0),
      cpu: n(r.cpu),
      mem: n(r.mem),
      maxmem: n(r.maxmem),
      netin: n(r.netin),
      netout: n(r.netout),
      diskread: n(r.diskread),
      diskwrite: n(r.diskwrite),
    }));
  }

  async snapshots(p: Principal, scope: Scope, id: string): Promise<VmSnapshot[]> {
    const g = await this.assertActive(p, scope, id, 'view');
    const api = await this.api(g);
    const list = await api.snapshots(g.node, g.kind, g.activeVmid!).catch(fromProxmox);
    return list
      .filter((s) => s.name !== 'current')
      .map((s) => ({
        name: s.name,
        description: s.description ?? null,
        createdAt: s.snaptime ? new Date(s.snaptime * 1000).toISOString() : null,
        parent: s.parent ?? null,
        includesRam: Boolean(s.vmstate),
      }));
  }

  /**
   * PCI mappings of a cluster for the create wizard. Scoped like create: company-scoped callers only
   * see clusters one of their companies may place guests on (or `companyId`'s, when given).
   */
  async pciMappings(scope: Scope, q: PciMappingsQuery): Promise<PciMappingView[]> {
    if (scope.kind === 'vm_grants') throw new AppError('FORBIDDEN', 'Users cannot create VMs');
    if (q.companyId && scope.kind !== 'all' && !scope.companyIds.includes(q.companyId))
      throw notFound('Company');
    const companies = q.companyId ? [q.companyId] : scope.kind === 'all' ? null : scope.companyIds;
    let cluster: { id: string; name: string; status: string } | null = null;
    if (companies === null) cluster = await this.repo.clusterById(q.clusterId);
    for (const co of companies ?? []) {
      [cluster = null] = await this.repo.clustersFor(co, q.clusterId);
      if (cluster) break;
    }
    if (!cluster) throw notFound('Cluster');
    const raw = await this.readPciMappings(cluster);
    return pciMappingViews(raw);
  }

  // --- create -----------------------------------------------------------------------------

  async create(
    p: Principal,
    scope: Scope,
    input: CreateVmInput,
    idempotencyKey?: string,
  ): Promise<VmJobAccepted> {
    if (scope.kind === 'vm_grants') throw new AppError('FORBIDDEN', 'Users cannot create VMs');
    if (idempotencyKey) {
      const prior = await this.jobs.findByIdempotencyKey(p.userId, idempotencyKey);
      if (prior) return this.accepted(prior);
    }
    if (!(scope.kind === 'all' || scope.companyIds.includes(input.companyId)))
      throw notFound('Company');

    const log: string[] = [];
    let template: Awaited<ReturnType<TemplatesService['usableBy']>> | null = null;
    if (input.source.type === 'template') {
      template = await this.templates.usableBy(input.source.templateId, input.companyId);
      if (template.kind !== input.kind) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Template "${template.name}" is a ${template.kind} template`,
        );
      }
      if (input.clusterId && input.clusterId !== template.clusterId) {
        throw new AppError('VALIDATION_FAILED', 'The template lives on another cluster');
      }
      if (input.gpuMapping && !template.windowsGpu) {
        throw new AppError(
          'VALIDATION_FAILED',
          'gpuMapping needs a template flagged "Windows + GPU"',
        );
      }
    } else if (input.gpuMapping) {
      throw new AppError(
        'VALIDATION_FAILED',
        'gpuMapping needs a template flagged "Windows + GPU"',
      );
    }

    const clusterId = template?.clusterId ?? input.clusterId;
    const clusters = await this.repo.clustersFor(input.companyId, clusterId);
    if (clusterId && !clusters.length) throw notFound('Cluster');
    const usable = clusters.filter((c) => c.status !== 'offline');
    if (!usable.length)
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'No reachable cluster for this company');
    // gpuMapping implies a template, so exactly one cluster; its mapping decides the nodes.
    const gpu = input.gpuMapping
      ? await this.gpuMapping(usable[0], input.gpuMapping, input.node)
      : null;

    const diskBytes = input.disks.reduce((s, d) => s + d.sizeGb, 0) * GIB;
    const need = { memoryBytes: input.memoryMb * MIB, diskBytes };
    let best: {
      clusterId: string;
      node: string;
      storage: string | null;
      score: number;
      explanation: string[];
    } | null = null;
    for (const c of usable) {
      let candidates = await this.candidates(c.id, input);
      if (input.node) {
        const n = candidates.find((x) => x.node === input.node);
        if (!n) throw notFound('Node');
        if (!n.online) throw nodeOffline(input.node);
      }
      const skipped: string[] = [];
      if (gpu) {
        // A mapped GPU exists only on the nodes its mapping lists: place the guest on one of them.
        for (const x of candidates)
          if (!gpu.nodes.includes(x.node))
            skipped.push(`${x.node}: skipped (PCI mapping ${gpu.id} has no device there)`);
        candidates = candidates.filter((x) => gpu.nodes.includes(x.node));
      }
      const pick = placeGuest(
        input.node ? candidates.filter((x) => x.node === input.node) : candidates,
        need,
      );
      log.push(
        `cluster ${c.name}:`,
        ...[...skipped, ...(pick?.explanation ?? ['no node has room'])].map((l) => `  ${l}`),
      );
      if (pick && (!best || pick.score > best.score)) best = { clusterId: c.id, ...pick };
    }
    if (!best) {
      throw new AppError('CONFLICT', 'No node has enough free memory and storage for this guest', {
        placement: log,
      });
    }
    if (clusters.length > 1)
      log.push(`placed on cluster ${clusters.find((c) => c.id === best!.clusterId)!.name}`);

    if (input.source.type !== 'template') await this.assertMedia(best.clusterId, best.node, input);

    const { password, ...ci } = input.cloudInit ?? {};
    const params = {
      input: { ...input, cloudInit: input.cloudInit ? ci : undefined },
      secret: password
        ? this.cipher.encrypt(JSON.stringify({ password }), JOB_SECRET_CONTEXT)
        : undefined,
      clusterId: best.clusterId,
      node: best.node,
      storage: best.storage,
      template: template ? { vmid: template.vmid, node: template.node } : undefined,
    };
    const delta = {
      guests: 1,
      vcpus: input.cores,
      memoryMb: input.memoryMb,
      diskGb: input.disks.reduce((s, d) => s + d.sizeGb, 0),
    };
    let job;
    try {
      job = await this.quotas.reserve(input.companyId, delta, async (tx) => {
        const guest = await this.repo.insertPlaceholder(tx, {
          clusterId: best!.clusterId,
          companyId: input.companyId,
          kind: input.kind,
          name: input.name,
          node: best!.node,
          cores: input.cores,
          memoryBytes: BigInt(need.memoryBytes),
          diskBytes: BigInt(diskBytes),
          tags: input.tags ?? [],
        });
        return this.jobs.create(
          {
            type: 'vm.create',
            companyId: input.companyId,
            actorId: p.userId,
            guestId: guest.id,
            clusterId: best!.clusterId,
            node: best!.node,
            params,
            idempotencyKey: idempotencyKey ?? null,
            message: 'Waiting for the worker',
          },
          tx,
        );
      });
    } catch (err) {
      // The same key raced in from a retried request: answer with the first job.
      if (idempotencyKey && isUniqueViolation(err)) {
        const prior = await this.jobs.findByIdempotencyKey(p.userId, idempotencyKey);
        if (prior) return this.accepted(prior);
      }
      throw err;
    }
    const dto = await this.jobs.enqueue(job, ['placement:', ...log]);
    await this.activity.record({
      action: 'vm.create',
      actor: p,
      companyId: input.companyId,
      resourceType: 'vm',
      resourceId: job.guestId ?? undefined,
      details: { name: input.name, kind: input.kind, node: best.node, jobId: job.id },
    });
    return { job: dto, vmId: job.guestId! };
  }

  // --- change -----------------------------------------------------------------------------

  async update(
    p: Principal,
    scope: Scope,
    id: string,
    input: UpdateVmInput,
  ): Promise<VmDetail | VmJobAccepted> {
    const g = await this.assertMutable(p, scope, id, 'edit');
    const api = await this.api(g);
    const vmid = g.activeVmid!;
    const cfg = await api.guestConfig(g.node, g.kind, vmid).catch(fromProxmox);

    const set: Record<string, string | number | boolean | undefined> = {};
    const del: string[] = [];
    if (input.name !== undefined) set[g.kind === 'qemu' ? 'name' : 'hostname'] = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.tags !== undefined) {
      if (input.tags.length) set.tags = tagsValue(input.tags);
      else del.push('tags');
    }
    if (input.cores !== undefined) set.cores = input.cores;
    if (input.memoryMb !== undefined)
      set.memory = g.kind === 'qemu' ? String(input.memoryMb) : input.memoryMb;
    if (input.onboot !== undefined) set.onboot = input.onboot;
    if (input.cloudInit) {
      if (g.kind === 'lxc' && (input.cloudInit.password || input.cloudInit.sshKeys)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Container passwords and SSH keys are set at creation only',
        );
      }
      Object.assign(set, cloudInitParams(g.kind, input.cloudInit));
    }
    if (input.networks) {
      const existing = netsOf(g.kind, cfg);
      input.networks.forEach((n, i) => {
        const mac = existing.find((e) => e.key === `net${i}`)?.mac;
        let v = netValue(g.kind, i, n);
        if (mac) v = g.kind === 'qemu' ? v.replace(/^([\w-]+)/, `$1=${mac}`) : `${v},hwaddr=${mac}`;
        set[`net${i}`] = v;
      });
      for (const e of existing)
        if (Number(e.key.slice(3)) >= input.networks.length) del.push(e.key);
    }

    let resize: { disk: string; sizeGb: number } | null = null;
    let diskDeltaGb = 0;
    if (input.disk) {
      const disk = disksOf(g.kind, cfg).find((d) => d.key === input.disk!.disk);
      if (!disk) throw new AppError('VALIDATION_FAILED', `The VM has no disk ${input.disk.disk}`);
      const current = disk.sizeGb ?? 0;
      if (input.disk.sizeGb < current) {
        throw new AppError('DISK_SHRINK', `Disks can only grow: ${disk.key} is ${current} GB`, {
          disk: disk.key,
          currentGb: current,
        });
      }
      if (input.disk.sizeGb > current) {
        resize = { disk: disk.key, sizeGb: input.disk.sizeGb };
        diskDeltaGb = Math.ceil(input.disk.sizeGb - current);
      }
    }

    // Growth in CPU, memory or disk is reserved against the quota before Proxmox changes anything.
    const cores = input.cores ?? g.maxcpu ?? 0;
    const memMb = input.memoryMb ?? Math.round(Number(g.maxmem ?? 0) / MIB);
    const delta = {
      guests: 0,
      vcpus: Math.max(0, cores - (g.maxcpu ?? 0)),
      memoryMb: Math.max(0, memMb - Math.round(Number(g.maxmem ?? 0) / MIB)),
      diskGb: diskDeltaGb,
    };
    const before = { maxcpu: g.maxcpu, maxmem: g.maxmem, maxdisk: g.maxdisk };
    await this.quotas.reserve(g.companyId!, delta, (tx) =>
      this.repo.update(
        id,
        {
          maxcpu: cores || g.maxcpu,
          maxmem: BigInt(memMb * MIB),
          maxdisk: BigInt(Number(g.maxdisk ?? 0) + diskDeltaGb * GIB),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
        },
        tx,
      ),
    );
    if (Object.keys(set).length || del.length) {
      try {
        await api.updateConfig(g.node, g.kind, vmid, {
          ...set,
          delete: del.length ? del.join(',') : undefined,
          digest: cfg.digest ?? undefined,
        });
      } catch (err) {
        await this.repo.update(id, {
          ...before,
          name: g.name,
          tags: g.tags as Prisma.InputJsonValue,
        });
        fromProxmox(err);
      }
    }
    await this.activity.record({
      action: 'vm.update',
      actor: p,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: id,
      details: { ...input, cloudInit: input.cloudInit ? Object.keys(input.cloudInit) : undefined },
    });
    if (resize) {
      return this.startGuestJob(
        p,
        g,
        'vm.resize',
        { ...resize, growGb: diskDeltaGb },
        `Resize ${resize.disk} to ${resize.sizeGb} GB`,
      );
    }
    return this.get(p, scope, id);
  }

  async remove(
    p: Principal,
    scope: Scope,
    id: string,
    confirm: string,
    purge: boolean,
  ): Promise<VmJobAccepted> {
    const g = await this.assertMutable(p, scope, id, 'edit');
    const expected = g.name ?? String(g.vmid);
    if (confirm !== expected) {
      throw new AppError('CONFIRM_MISMATCH', `Type the VM name "${expected}" to confirm deletion`);
    }
    return this.startGuestJob(p, g, 'vm.delete', { purge }, `Delete ${expected}`);
  }

  async control(
    p: Principal,
    scope: Scope,
    id: string,
    action: VmPowerAction,
    key?: string,
  ): Promise<VmJobAccepted> {
    const g = await this.assertActive(p, scope, id, 'power');
    if (g.lock && !(g.lock === 'suspended' && action === 'resume')) throw vmLocked(g.lock);
    if (g.template)
      throw new AppError('VALIDATION_FAILED', 'Templates cannot be started or stopped');
    if (g.kind === 'lxc' && action === 'reset') {
      throw new AppError('VALIDATION_FAILED', 'Containers cannot be reset; use reboot');
    }
    return this.startGuestJob(p, g, 'vm.power', { action }, `${action} ${g.name ?? g.vmid}`, key);
  }

  async createSnapshot(
    p: Principal,
    scope: Scope,
    id: string,
    s: { name: string; description?: string; includeRam?: boolean },
  ): Promise<VmJobAccepted> {
    const g = await this.assertMutable(p, scope, id, 'snapshot');
    if (g.kind === 'lxc' && s.includeRam)
      throw new AppError('VALIDATION_FAILED', 'Containers have no RAM snapshots');
    return this.startGuestJob(p, g, 'vm.snapshot.create', s, `Snapshot ${s.name}`);
  }

  async rollbackSnapshot(
    p: Principal,
    scope: Scope,
    id: string,
    name: string,
  ): Promise<VmJobAccepted> {
    const g = await this.assertMutable(p, scope, id, 'snapshot');
    return this.startGuestJob(p, g, 'vm.snapshot.rollback', { name }, `Roll back to ${name}`);
  }

  async deleteSnapshot(
    p: Principal,
    scope: Scope,
    id: string,
    name: string,
  ): Promise<VmJobAccepted> {
    const g = await this.assertMutable(p, scope, id, 'snapshot');
    return this.startGuestJob(p, g, 'vm.snapshot.delete', { name }, `Delete snapshot ${name}`);
  }

  async migrate(
    p: Principal,
    scope: Scope,
    id: string,
    targetNode: string,
    online?: boolean,
  ): Promise<VmJobAccepted> {
    if (scope.kind === 'vm_grants') throw new AppError('FORBIDDEN', 'Users cannot migrate VMs');
    const g = await this.assertMutable(p, scope, id, 'edit');
    if (targetNode === g.node)
      throw new AppError('VALIDATION_FAILED', `The VM is already on ${targetNode}`);
    const api = await this.api(g);
    const nodes = await api.nodes().catch(fromProxmox);
    const target = nodes.find((n) => n.node === targetNode);
    if (!target) throw notFound('Node');
    if (target.status !== 'online') throw nodeOffline(targetNode);
    return this.startGuestJob(
      p,
      g,
      'vm.migrate',
      { targetNode, online: online ?? g.status === 'running' },
      `Migrate to ${targetNode}`,
    );
  }

  /** Proxmox's migrate precondition for the dialog: every other node, allowed or why not. */
  async migrateTargets(p: Principal, scope: Scope, id: string): Promise<VmMigrateTargets> {
    if (scope.kind === 'vm_grants') throw new AppError('FORBIDDEN', 'Users cannot migrate VMs');
    const g = await this.assertMutable(p, scope, id, 'edit');
    const api = await this.api(g);
    const opts = { timeoutMs: LIVE_TIMEOUT_MS * 2, retries: 0 };
    const [pre, nodes] = await Promise.all([
      api.client.get<Raw>(pvePath`/nodes/${g.node}/${g.kind}/${g.activeVmid!}/migrate`, {}, opts),
      api.nodes(opts),
    ]).catch(fromProxmox);
    return migrateTargetsView(g.kind, g.node, pre, nodes);
  }

  async convertToTemplate(p: Principal, scope: Scope, id: string): Promise<VmJobAccepted> {
    if (scope.kind === 'vm_grants')
      throw new AppError('FORBIDDEN', 'Users cannot create templates');
    const g = await this.assertMutable(p, scope, id, 'edit');
    if (g.template) throw new AppError('CONFLICT', 'Already a template');
    if (g.status === 'running')
      throw new AppError('CONFLICT', 'Stop the VM before converting it to a template');
    return this.startGuestJob(p, g, 'vm.template', {}, 'Convert to template');
  }

  async bulk(
    p: Principal,
    scope: Scope,
    input: {
      ids: string[];
      action: (typeof VM_BULK_ACTIONS)[number];
      snapshotName?: string;
      tags?: string[];
    },
  ): Promise<BulkVmResult> {
    // Guests are handled 8 at a time; results keep the request's order.
    const ids = [...new Set(input.ids)];
    const results: BulkVmResult['results'] = new Array(ids.length);
    let next = 0;
    const one = async (id: string): Promise<BulkVmResult['results'][number]> => {
      try {
        let job: JobDto | undefined;
        if (input.action === 'snapshot') {
          job = (await this.createSnapshot(p, scope, id, { name: input.snapshotName! })).job;
        } else if (input.action === 'tag') {
          const g = await this.assertMutable(p, scope, id, 'edit');
          const tags = [...new Set([...((g.tags as string[]) ?? []), ...(input.tags ?? [])])];
          await this.update(p, scope, id, { tags });
        } else {
          job = (await this.control(p, scope, id, input.action)).job;
        }
        return { id, ok: true, ...(job ? { job } : {}) };
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
        return { id, ok: false, error: { code: e.code, message: e.message } };
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(8, ids.length) }, async () => {
        while (next < ids.length) {
          const i = next++;
          results[i] = await one(ids[i]);
        }
      }),
    );
    return { results };
  }

  // --- helpers ----------------------------------------------------------------------------

  private async startGuestJob<T extends TrackedJobName>(
    p: Principal,
    g: AccessibleGuest,
    type: T,
    params: TrackedJobParams[T],
    message: string,
    idempotencyKey?: string,
  ): Promise<VmJobAccepted> {
    const data: NewJob<T> = {
      type,
      companyId: g.companyId,
      actorId: p.userId,
      guestId: g.id,
      clusterId: g.clusterId,
      node: g.node,
      params,
      message,
      idempotencyKey: idempotencyKey ?? null,
    };
    let job;
    try {
      job = await this.jobs.start(data, [message]);
    } catch (err) {
      if (idempotencyKey && isUniqueViolation(err)) {
        const prior = await this.jobs.findByIdempotencyKey(p.userId, idempotencyKey);
        if (prior) return this.accepted(prior);
      }
      throw err;
    }
    await this.activity.record({
      action: type,
      actor: p,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: g.id,
      details: { ...params, jobId: job.id },
    });
    return { job, vmId: g.id };
  }

  private async accepted(job: Parameters<JobsService['enqueue']>[0]): Promise<VmJobAccepted> {
    const full = await this.jobs.findById(job.id);
    return { job: toJobDto(full ?? job), vmId: job.guestId! };
  }

  /** Visible with the right, and existing on Proxmox (not still being created). */
  private async assertActive(
    p: Principal,
    scope: Scope,
    id: string,
    right: VmRight,
  ): Promise<AccessibleGuest> {
    const g = await this.access.assertRight(p, scope, id, right);
    if (g.activeVmid === null) throw vmLocked(g.lock ?? 'create');
    return g;
  }

  /** As assertActive, and not locked by another operation. */
  private async assertMutable(
    p: Principal,
    scope: Scope,
    id: string,
    right: VmRight,
  ): Promise<AccessibleGuest> {
    const g = await this.assertActive(p, scope, id, right);
    if (g.lock && g.lock !== 'suspended') throw vmLocked(g.lock);
    return g;
  }

  private async api(g: { clusterId: string; cluster: { status: string } }): Promise<ProxmoxApi> {
    if (g.cluster.status === 'offline')
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The cluster is offline');
    const conn = await this.clusters.connect(g.clusterId);
    if (!conn) throw notFound('Cluster');
    return conn.api;
  }

  private async readPciMappings(cluster: { id: string; status: string }): Promise<Raw[]> {
    const api = await this.api({ clusterId: cluster.id, cluster });
    const raw = await api.client
      .get<Raw[]>('/cluster/mapping/pci', {}, { timeoutMs: LIVE_TIMEOUT_MS * 2, retries: 0 })
      .catch(fromProxmox);
    return Array.isArray(raw) ? raw : [];
  }

  /** The requested mapping on the template's cluster; unknown, or not on `node`, is a 400. */
  private async gpuMapping(
    cluster: { id: string; name: string; status: string },
    id: string,
    node: string | undefined,
  ): Promise<PciMappingView> {
    const mapping = pciMappingViews(await this.readPciMappings(cluster)).find((m) => m.id === id);
    const invalid = (message: string, path = 'gpuMapping') =>
      new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);
    if (!mapping) throw invalid(`no PCI mapping "${id}" on cluster ${cluster.name}`);
    if (!mapping.nodes.length) throw invalid(`PCI mapping "${id}" has no device on any node`);
    if (node && !mapping.nodes.includes(node))
      throw invalid(
        `PCI mapping "${id}" has no device on node ${node} (it covers ${mapping.nodes.join(', ')})`,
      );
    return mapping;
  }

  private async summaries(rows: GuestSummaryRow[]): Promise<VmSummary[]> {
    const names = await this.repo.names(
      [...new Set(rows.map((r) => r.companyId).filter((c): c is string => !!c))],
      [...new Set(rows.map((r) => r.clusterId))],
    );
    return rows.map((r) => toVmSummary(r, names));
  }

  /** Live node load + best storage per node for the guest's disks. */
  private async candidates(clusterId: string, input: CreateVmInput): Promise<NodeCandidate[]> {
    const conn = await this.clusters.connect(clusterId);
    if (!conn) return [];
    const resources = await conn.api
      .clusterResources(undefined, { timeoutMs: 10_000 })
      .catch(fromProxmox);
    const content = input.kind === 'qemu' ? 'images' : 'rootdir';
    const wanted = input.disks[0]?.storage;
    return resources
      .filter((r) => r.type === 'node' && r.node)
      .map((n) => {
        const stores = resources
          .filter(
            (s) =>
              s.type === 'storage' &&
              s.node === n.node &&
              s.status === 'available' &&
              (s.content ?? '').split(',').includes(content) &&
              (!wanted || s.storage === wanted),
          )
          .map((s) => ({ storage: s.storage!, free: (s.maxdisk ?? 0) - (s.disk ?? 0) }))
          .sort((a, b) => b.free - a.free);
        return {
          node: n.node!,
          online: n.status === 'online',
          cpu: n.cpu ?? 0,
          mem: n.mem ?? 0,
          maxmem: n.maxmem ?? 0,
          storageFree: stores[0]?.free ?? 0,
          storage: stores[0]?.storage ?? null,
        };
      });
  }

  private async assertMedia(clusterId: string, node: string, input: CreateVmInput): Promise<void> {
    const volid =
      input.source.type === 'iso'
        ? input.source.isoVolid
        : input.source.type === 'ostemplate'
          ? input.source.volid
          : null;
    if (!volid) return;
    const storage = volid.split(':')[0];
    const conn = await this.clusters.connect(clusterId);
    const content = input.source.type === 'iso' ? 'iso' : 'vztmpl';
    const found = await conn!.api
      .storageContent(node, storage, { content })
      .then((l) => l.some((v) => v.volid === volid))
      .catch(() => false);
    if (!found)
      throw new AppError(
        'VALIDATION_FAILED',
        `${content === 'iso' ? 'ISO image' : 'Container template'} ${volid} not found on ${node}`,
      );
  }
}

function liveOf(s: Raw | null): VmLiveStatus {
  const n = (v: unknown) => toNumber(v) ?? 0;
  return {
    status: String(s?.status ?? 'unknown'),
    uptime: n(s?.uptime),
    cpu: n(s?.cpu),
    cpus: s?.cpus === undefined ? null : n(s.cpus),
    mem: n(s?.mem),
    maxmem: n(s?.maxmem),
    disk: n(s?.disk),
    maxdisk: n(s?.maxdisk),
    netin: n(s?.netin),
    netout: n(s?.netout),
    ...(s?.qmpstatus ? { qmpstatus: String(s.qmpstatus) } : {}),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
