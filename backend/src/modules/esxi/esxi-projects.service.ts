import { Injectable } from '@nestjs/common';
import type {
  CreateEsxiProjectInput,
  EsxiAgentCheck,
  EsxiDisk,
  EsxiNetworkMapping,
  EsxiPostImportHint,
  EsxiProjectDto,
  EsxiProjectListQuery,
  EsxiProjectPage,
  EsxiProjectVmDto,
  EsxiProjectVmStatus,
  EsxiWaveRolledBack,
  EsxiWaveStarted,
  RunEsxiWaveInput,
  SetEsxiProjectVmsInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { GuestsService } from '../guests/guests.service';
import type { JobRow } from '../jobs/jobs.repository';
import { JobsService } from '../jobs/jobs.service';
import { EsxiImportService, type ImportMemo } from './esxi-import.service';
import {
  EsxiProjectsRepository,
  type EsxiProjectRow,
  type EsxiProjectVmRow,
} from './esxi-projects.repository';
import { EsxiRepository } from './esxi.repository';

/**
 * Migration projects (issue 22): a company's discovered VMs of one source, grouped into waves, with
 * networks and datastores mapped once. Running a wave starts one import job per VM in the wave's
 * order (the job runner's per-node limit paces them); each VM's status is its import job's.
 */
@Injectable()
export class EsxiProjectsService {
  constructor(
    private readonly repo: EsxiProjectsRepository,
    private readonly sources: EsxiRepository,
    private readonly access: AccessService,
    private readonly imports: EsxiImportService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
    private readonly guests: GuestsService,
  ) {}

  async list(actor: Actor, q: EsxiProjectListQuery): Promise<EsxiProjectPage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.page(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map(toProject), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<EsxiProjectDto> {
    return this.dto(actor, await this.find(actor, id));
  }

  async create(actor: Actor, input: CreateEsxiProjectInput): Promise<EsxiProjectDto> {
    const source = await this.sources.source(actor.scope, input.sourceId);
    if (!source) throw notFound('ESXi source');
    await this.access.requireCluster(actor, input.clusterId, 'use', {
      companyId: source.companyId,
    });
    const row = await this.repo.create({
      companyId: source.companyId,
      sourceId: source.id,
      name: input.name,
      clusterId: input.clusterId,
      node: input.node,
      storage: input.storage,
      networks: input.networks,
      datastores: input.datastores,
    });
    await this.audit(actor, 'esxi.project.create', row, { name: row.name, sourceId: source.id });
    return this.dto(actor, row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.find(actor, id);
    if (!(await this.repo.remove(actor.scope, id))) throw notFound('Migration project');
    await this.audit(actor, 'esxi.project.delete', row, { name: row.name });
  }

  async setVms(actor: Actor, id: string, input: SetEsxiProjectVmsInput): Promise<EsxiProjectDto> {
    const row = await this.find(actor, id);
    const ids = input.vms.map((v) => v.esxiVmId);
    if (new Set(ids).size !== ids.length) throw invalid('vms', 'a VM is listed more than once');
    if ((await this.repo.countSourceVms(actor.scope, row.sourceId, ids)) !== ids.length)
      throw invalid('vms', 'every VM must be a discovered VM of the project’s source');
    await this.repo.setVms(row, input.vms);
    await this.audit(actor, 'esxi.project.vms', row, { vms: ids.length });
    return this.dto(actor, row);
  }

  /** Starts an import per planned VM of the wave, in order; a VM that cannot start is reported. */
  async runWave(
    actor: Actor,
    id: string,
    wave: number,
    input: RunEsxiWaveInput,
  ): Promise<EsxiWaveStarted> {
    if (wave < 1) throw invalid('wave', 'waves are numbered from 1');
    const row = await this.find(actor, id);
    const waiting = (await this.repo.vms(actor.scope, row.id, wave)).filter(
      (v) => v.status !== 'started',
    );
    if (!waiting.length) throw new AppError('CONFLICT', `Wave ${wave} has no VM left to import`);
    let refused = 0;
    // A wave run again after its rollback: a VM whose earlier import left a guest is not imported
    // a second time (two guests of one VM); once staff removed that guest, it is imported again.
    const vms: EsxiProjectVmRow[] = [];
    for (const v of waiting) {
      const earlier = v.guestId ? await this.guests.findById(v.guestId) : null;
      if (earlier && !earlier.goneAt) {
        await this.repo.updateVm(v.id, {
          status: 'refused',
          error: `${v.vm.name} was imported before as ${earlier.name ?? earlier.id}; delete that guest to import it again`,
        });
        refused++;
      } else vms.push(v);
    }
    const datastores = row.datastores as Array<{ datastore: string; storage: string }>;
    const storageOf = (v: EsxiProjectVmRow) => {
      const ds = /^\[([^\]]+)\]/.exec(v.vm.vmxPath ?? '')?.[1];
      return datastores.find((d) => d.datastore === ds)?.storage ?? row.storage;
    };
    let started = 0;
    const shared: ImportMemo = new Map();
    // The whole wave must fit (target storages, company quota) before any import starts.
    await this.imports.checkWave(
      actor,
      row.sourceId,
      { clusterId: row.clusterId, node: row.node },
      vms.map((v) => ({ esxiVmId: v.esxiVmId, storage: storageOf(v) })),
      shared,
    );
    for (const v of vms) {
      const storage = storageOf(v);
      try {
        const accepted = await this.imports.start(
          actor,
          row.sourceId,
          v.esxiVmId,
          {
            clusterId: row.clusterId,
            node: row.node,
            storage,
            networks: row.networks as EsxiNetworkMapping[],
            start: input.start,
            live: false,
          },
          shared,
          { shutdownSource: input.shutdownSource, verifyAgentSeconds: input.verifyAgentSeconds },
        );
        await this.repo.updateVm(v.id, {
          status: 'started',
          jobId: accepted.job.id,
          guestId: accepted.vmId,
          error: null,
          warnings: accepted.warnings.map((w) => w.type),
          startedAt: new Date(),
        });
        started++;
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'DEPENDENCY_UNAVAILABLE') throw err;
        await this.repo.updateVm(v.id, { status: 'refused', error: err.message });
        refused++;
      }
    }
    await this.audit(actor, 'esxi.project.run-wave', row, { wave, started, refused });
    return { wave, started, refused, project: await this.dto(actor, row) };
  }

  /**
   * Rolls a wave back: imports still under way are cancelled, and every source VM an import of the
   * wave shut down is powered on again on ESXi (the source VMs were left intact). Guests already
   * imported stay (stopped or running) for staff to remove or keep.
   */
  async rollbackWave(actor: Actor, id: string, wave: number): Promise<EsxiWaveRolledBack> {
    if (wave < 1) throw invalid('wave', 'waves are numbered from 1');
    const row = await this.find(actor, id);
    const vms = (await this.repo.vms(actor.scope, row.id, wave)).filter((v) => v.jobId);
    if (!vms.length) throw new AppError('CONFLICT', `Wave ${wave} has not run`);
    let cancelled = 0;
    let poweredOn = 0;
    const errors: Array<{ name: string; error: string }> = [];
    for (const v of vms) {
      let job = await this.jobs.findById(v.jobId!);
      if (job && (job.status === 'queued' || job.status === 'running')) {
        await this.imports.requestCancel(job.id);
        cancelled++;
        job = await this.waitEnd(job.id);
      }
      if (shutDown(job)) {
        try {
          if (await this.imports.powerOnSource(row.companyId, row.sourceId, v.esxiVmId))
            poweredOn++;
        } catch (err) {
          errors.push({ name: v.vm.name, error: err instanceof Error ? err.message : String(err) });
          continue;
        }
      }
      await this.repo.updateVm(v.id, { status: 'rolled-back' });
    }
    await this.audit(actor, 'esxi.project.rollback-wave', row, { wave, cancelled, poweredOn });
    return { wave, cancelled, poweredOn, errors, project: await this.dto(actor, row) };
  }

  /** An import asked to cancel ends within moments (at its next step); waits up to 30 s. */
  private async waitEnd(jobId: string): Promise<JobRow | null> {
    for (let i = 0; i < 60; i++) {
      const j = await this.jobs.findById(jobId);
      if (!j || !['queued', 'running'].includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 500));
    }
    return this.jobs.findById(jobId);
  }

  /** Cancels the import of one VM of the project (queued, or waiting for a slot). */
  async cancelVm(actor: Actor, id: string, projectVmId: string): Promise<EsxiProjectDto> {
    const row = await this.find(actor, id);
    const vm = (await this.repo.vms(actor.scope, row.id)).find((v) => v.id === projectVmId);
    if (!vm) throw notFound('Project VM');
    const job = vm.jobId ? await this.jobs.findById(vm.jobId) : null;
    if (!job || (job.status !== 'queued' && job.status !== 'running'))
      throw new AppError('CONFLICT', `No import of ${vm.vm.name} is under way`);
    await this.imports.requestCancel(job.id);
    await this.audit(actor, 'esxi.project.cancel-vm', row, { vm: vm.vm.name, jobId: job.id });
    return this.dto(actor, row);
  }

  private async find(actor: Actor, id: string): Promise<EsxiProjectRow> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('Migration project');
    return row;
  }

  private async dto(actor: Actor, row: EsxiProjectRow): Promise<EsxiProjectDto> {
    const vms = await this.repo.vms(actor.scope, row.id);
    const jobs = new Map<string, JobRow>();
    await Promise.all(
      vms.map(async (v) => {
        const j = v.jobId ? await this.jobs.findById(v.jobId) : null;
        if (j) jobs.set(j.id, j);
      }),
    );
    return { ...toProject(row), vms: vms.map((v) => toProjectVm(v, jobs.get(v.jobId ?? ''))) };
  }

  private audit(
    actor: Actor,
    action: string,
    row: EsxiProjectRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: row.companyId,
      resourceType: 'esxi_project',
      resourceId: row.id,
      details,
    });
  }
}

/** The import shut its source VM down (its checkpoint says so). */
function shutDown(job: JobRow | null | undefined): boolean {
  const state = (job?.result as { state?: { sourceShutDown?: unknown } } | null)?.state;
  return state?.sourceShutDown === true;
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

function toProject(r: EsxiProjectRow): Omit<EsxiProjectDto, 'vms'> {
  return {
    id: r.id,
    companyId: r.companyId,
    sourceId: r.sourceId,
    name: r.name,
    clusterId: r.clusterId,
    node: r.node,
    storage: r.storage,
    networks: r.networks as EsxiNetworkMapping[],
    datastores: r.datastores as Array<{ datastore: string; storage: string }>,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A VM's report line: its import job's status, progress, duration and error. */
function toProjectVm(v: EsxiProjectVmRow, job: JobRow | undefined): EsxiProjectVmDto {
  const disks = (v.vm.disks as unknown as EsxiDisk[] | null) ?? [];
  const status: EsxiProjectVmStatus =
    v.status === 'started' && job ? (job.status as EsxiProjectVmStatus) : (v.status as 'planned');
  const sourceShutDown = shutDown(job);
  const result = job?.status === 'succeeded' ? (job.result as ImportResult | null) : null;
  const from = job?.startedAt ?? null;
  const to = job?.finishedAt ?? (from ? new Date() : null);
  return {
    id: v.id,
    esxiVmId: v.esxiVmId,
    name: v.vm.name,
    wave: v.wave,
    position: v.position,
    status,
    progress: job ? job.progress : null,
    jobId: v.jobId,
    guestId: v.guestId,
    error: job?.error ?? v.error,
    warnings: (v.warnings as string[] | null) ?? [],
    sizeBytes: disks.reduce((s, d) => s + (d.capacityBytes ?? 0), 0),
    startedAt: from ? from.toISOString() : null,
    finishedAt: job?.finishedAt ? job.finishedAt.toISOString() : null,
    durationSeconds: from && to ? Math.round((to.getTime() - from.getTime()) / 100) / 10 : null,
    sourceShutDown,
    agent: result?.agent ?? null,
    hints: result?.hints ?? [],
  };
}

/** What a finished import job returned (esxi-import.service `run`). */
interface ImportResult {
  agent?: EsxiAgentCheck | null;
  hints?: EsxiPostImportHint[];
}
