import { Injectable, Logger } from '@nestjs/common';
import type {
  CreateDrPairInput,
  DrFailbackAccepted,
  DrFailoverAccepted,
  DrPairDetail,
  DrPairDto,
  DrPairListQuery,
  DrPairPage,
  DrSyncAccepted,
  UpdateDrPairInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import type { DrPair } from '../../generated/prisma/client';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { uuidv7 } from '../guests/guests.repository';
import { toJobDto } from '../jobs/jobs.mapper';
import { JobsService } from '../jobs/jobs.service';
import { BackupNotifier } from './backup-notifier.service';
import { DrPairsRepository, type DrPairWithGuests } from './dr-pairs.repository';
import { toDrGuestDto, toDrPairDto } from './dr-pairs.mapper';

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

/** Stale mails queued per due check at most (the rest go out on the next one). */
const STALE_BATCH = 200;

/**
 * DR pairs of a company: CRUD with checked clusters, storages and guests, sync now, fail over, and
 * the worker's due check (syncs and the stale-DR mail). The jobs themselves are DrTasksService's.
 */
@Injectable()
export class DrPairsService {
  private readonly logger = new Logger('DrPairs');

  constructor(
    private readonly repo: DrPairsRepository,
    private readonly access: AccessService,
    private readonly guests: GuestsService,
    private readonly jobs: JobsService,
    private readonly connections: ClusterConnectionService,
    private readonly activity: ActivityService,
    private readonly notifier: BackupNotifier,
  ) {}

  async list(actor: Actor, q: DrPairListQuery): Promise<DrPairPage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.page(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    const now = new Date();
    return {
      items: rows.map((r) => toDrPairDto(r, now)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<DrPairDetail> {
    const p = await this.find(actor, id);
    const labels = new Map(
      (await this.guests.selected(p.companyId, { guestIds: p.guests.map((g) => g.guestId) })).map(
        (g) => [g.id, g],
      ),
    );
    const now = new Date();
    return {
      ...toDrPairDto(p, now),
      guests: p.guests.map((g) => toDrGuestDto(p, g, labels.get(g.guestId), now)),
    };
  }

  async create(actor: Actor, input: CreateDrPairInput): Promise<DrPairDto> {
    await this.access.requireCompany(actor, input.companyId);
    await this.access.usableClusters(actor, input.companyId, input.sourceClusterId);
    await this.access.usableClusters(actor, input.companyId, input.targetClusterId);
    const guestIds = [...new Set(input.guestIds)];
    await this.checkGuests(input.companyId, input.sourceClusterId, guestIds);
    await this.checkStorages(input);
    const { guestIds: _ids, ...data } = input;
    const row = await this.repo.create(
      {
        ...data,
        nextSyncAt: input.enabled ? new Date() : null,
        createdById: actor.principal.userId,
      },
      guestIds,
    );
    await this.audit(actor, 'dr.pair.create', row, { name: row.name, guests: guestIds.length });
    return toDrPairDto(row, new Date());
  }

  async update(actor: Actor, id: string, input: UpdateDrPairInput): Promise<DrPairDto> {
    const cur = await this.find(actor, id);
    const merged = { ...cur, ...input, standbyStorage: input.standbyStorage ?? cur.standbyStorage };
    if (merged.policy === 'standby' && !merged.standbyStorage)
      throw invalid('standbyStorage', 'Policy standby needs a standbyStorage');
    const guestIds = input.guestIds ? [...new Set(input.guestIds)] : undefined;
    if (guestIds) await this.checkGuests(cur.companyId, cur.sourceClusterId, guestIds);
    if (
      input.sourceStorage !== undefined ||
      input.targetNode !== undefined ||
      input.targetStorage !== undefined ||
      input.standbyStorage !== undefined ||
      input.policy !== undefined
    )
      await this.checkStorages(merged);
    const { guestIds: _ids, ...data } = input;
    const timing = input.enabled !== undefined || input.syncEveryMinutes !== undefined;
    const row = await this.repo.update(
      actor.scope,
      id,
      {
        ...data,
        ...(timing ? { nextSyncAt: merged.enabled ? new Date() : null } : {}),
      },
      guestIds,
    );
    if (!row) throw notFound('DR pair');
    await this.audit(actor, 'dr.pair.update', row, { ...input });
    return toDrPairDto(row, new Date());
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const cur = await this.find(actor, id);
    if (!(await this.repo.remove(actor.scope, id))) throw notFound('DR pair');
    await this.audit(actor, 'dr.pair.delete', cur, { name: cur.name });
  }

  /** Sync now: every guest gets a fresh DR copy (a guest already syncing is left to its job). */
  async syncNow(actor: Actor, id: string): Promise<DrSyncAccepted> {
    const p = await this.find(actor, id);
    const out = await this.startSync(p, actor.principal.userId, true);
    await this.repo.touch(p.id, new Date());
    await this.audit(actor, 'dr.pair.sync', p, { ...out });
    return out;
  }

  /** Fail over one guest: start its standby on the target cluster (a tracked job). */
  async failover(
    actor: Actor,
    id: string,
    guestId: string,
    force = false,
  ): Promise<DrFailoverAccepted> {
    const p = await this.find(actor, id);
    const g = p.guests.find((x) => x.guestId === guestId);
    if (!g) throw notFound('VM');
    if (p.policy !== 'standby' || g.standbyVmid === null)
      throw new AppError(
        'CONFLICT',
        'This guest has no standby on the target cluster yet (policy standby, after a sync)',
      );
    if (g.status === 'queued' || g.status === 'running')
      throw new AppError('CONFLICT', 'A DR job of this guest is still running');
    const job = await this.jobs.start(
      {
        type: 'backups.dr-failover',
        companyId: p.companyId,
        actorId: actor.principal.userId,
        guestId: g.guestId,
        clusterId: p.targetClusterId,
        node: p.targetNode,
        params: { pairId: p.id, drGuestId: g.id, ...(force ? { force } : {}) },
        message: `Fail over to standby VMID ${g.standbyVmid} on ${p.targetNode}`,
      },
      [
        `DR pair ${p.name}: starting the standby VMID ${g.standbyVmid}` +
          (force ? ' (forced: even if the source guest cannot be stopped)' : ''),
      ],
    );
    await this.audit(actor, 'dr.pair.failover', p, { guestId, standbyVmid: g.standbyVmid, force });
    return { job };
  }

  /**
   * Fail back one failed-over guest: the standby's state goes back over the source guest, which runs
   * again (a tracked job; the guest's DR row is claimed so no sync runs beside it).
   */
  async failback(actor: Actor, id: string, guestId: string): Promise<DrFailbackAccepted> {
    const p = await this.find(actor, id);
    const g = p.guests.find((x) => x.guestId === guestId);
    if (!g) throw notFound('VM');
    if (!g.failedOverAt || g.standbyVmid === null)
      throw new AppError(
        'CONFLICT',
        'This guest is not failed over: there is nothing to fail back',
      );
    const jobId = uuidv7();
    if (!(await this.repo.queue([{ id: g.id, jobId }])).length)
      throw new AppError('CONFLICT', 'A DR job of this guest is still running');
    const source = (await this.guests.selected(p.companyId, { guestIds: [g.guestId] }))[0];
    if (!source) {
      await this.repo.updateGuest(g.id, { status: 'idle', jobId: null });
      throw notFound('VM');
    }
    await this.jobs.startMany('backups.dr-failback', [
      {
        id: jobId,
        companyId: p.companyId,
        actorId: actor.principal.userId,
        guestId: g.guestId,
        clusterId: source.clusterId,
        node: source.node,
        params: { pairId: p.id, drGuestId: g.id },
        message: `Fail back ${source.name ?? source.vmid} from standby VMID ${g.standbyVmid}`,
      },
    ]);
    await this.audit(actor, 'dr.pair.failback', p, { guestId, standbyVmid: g.standbyVmid });
    const job = await this.jobs.findById(jobId);
    return { job: toJobDto(job!) };
  }

  /**
   * Worker, with the backups' due check: each due pair moves to its next sync (compare-and-set, one
   * worker wins) and its guests' sync jobs start; then every newly stale guest queues one mail.
   */
  async planDue(now = new Date()): Promise<{ synced: number; staleMails: number }> {
    let synced = 0;
    for (;;) {
      const due = await this.repo.due(now, 100);
      if (!due.length) break;
      for (const p of due) {
        const next = new Date(now.getTime() + p.syncEveryMinutes * 60_000);
        if (!(await this.repo.advance(p.id, p.nextSyncAt!, next, now))) continue;
        try {
          await this.startSync(p, null, false);
          synced++;
        } catch (err) {
          this.logger.error(`DR pair ${p.id}: sync not started: ${String(err)}`);
        }
      }
    }
    let staleMails = 0;
    for (const g of await this.repo.staleUnnotified(now, STALE_BATCH)) {
      if (!(await this.repo.claimStaleMail(g.id, now))) continue;
      await this.notifier.notifyDrStale(g.companyId, g.id);
      staleMails++;
    }
    return { synced, staleMails };
  }

  private async startSync(
    p: DrPairWithGuests,
    actorId: string | null,
    force: boolean,
  ): Promise<DrSyncAccepted> {
    const live = new Map(
      (await this.guests.selected(p.companyId, { guestIds: p.guests.map((g) => g.guestId) })).map(
        (g) => [g.id, g],
      ),
    );
    const planned = p.guests
      .filter((g) => live.has(g.guestId))
      .map((g) => ({ g, jobId: uuidv7(), guest: live.get(g.guestId)! }));
    const queued = new Set(
      await this.repo.queue(planned.map(({ g, jobId }) => ({ id: g.id, jobId }))),
    );
    const jobs = planned.filter(({ g }) => queued.has(g.id));
    await this.jobs.startMany(
      'backups.dr-sync',
      jobs.map(({ g, jobId, guest }) => ({
        id: jobId,
        companyId: p.companyId,
        actorId,
        guestId: g.guestId,
        clusterId: guest.clusterId,
        node: guest.node,
        params: { pairId: p.id, drGuestId: g.id, force },
        message: `DR copy of ${guest.name ?? guest.vmid} (${p.name})`,
      })),
    );
    return { jobs: jobs.length };
  }

  private async find(actor: Actor, id: string): Promise<DrPairWithGuests> {
    const row = await this.repo.find(actor.scope, id);
    if (!row) throw notFound('DR pair');
    return row;
  }

  /** The guests must be the company's (else 404, like a missing one) and on the source cluster. */
  private async checkGuests(companyId: string, sourceClusterId: string, ids: string[]) {
    const found = await this.guests.selected(companyId, { guestIds: ids });
    if (found.length !== ids.length) throw notFound('VM');
    const elsewhere = found.filter((g) => g.clusterId !== sourceClusterId);
    if (elsewhere.length)
      throw invalid(
        'guestIds',
        `${elsewhere.map((g) => g.name ?? g.vmid).join(', ')} not on the source cluster`,
      );
  }

  /**
   * Read live: the source cluster has `sourceStorage` for backups; the target cluster has the node,
   * `targetStorage` for backups there and, for a standby, `standbyStorage` for disk images.
   */
  private async checkStorages(
    p: Pick<
      DrPair,
      | 'sourceClusterId'
      | 'sourceStorage'
      | 'targetClusterId'
      | 'targetNode'
      | 'targetStorage'
      | 'policy'
      | 'standbyStorage'
    >,
  ): Promise<void> {
    const src = await this.connections.open(p.sourceClusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const srcStorage = (await src.api.clusterResources('storage')).some(
      (r) => r.storage === p.sourceStorage && (r.content ?? '').split(',').includes('backup'),
    );
    if (!srcStorage)
      throw invalid('sourceStorage', `no storage "${p.sourceStorage}" with backup content`);
    const dst = await this.connections.open(p.targetClusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const nodes = await dst.api.nodes();
    if (!nodes.some((n) => n.node === p.targetNode))
      throw invalid('targetNode', `the target cluster has no node "${p.targetNode}"`);
    const backup = await dst.api.storages(p.targetNode, { content: 'backup', enabled: true });
    if (!backup.some((s) => s.storage === p.targetStorage))
      throw invalid(
        'targetStorage',
        `no storage "${p.targetStorage}" with backup content on ${p.targetNode}`,
      );
    if (p.policy === 'standby') {
      const images = await dst.api.storages(p.targetNode, { content: 'images', enabled: true });
      if (!images.some((s) => s.storage === p.standbyStorage))
        throw invalid(
          'standbyStorage',
          `no storage "${p.standbyStorage ?? ''}" for disk images on ${p.targetNode}`,
        );
    }
  }

  private audit(actor: Actor, action: string, p: DrPair, details: Record<string, unknown>) {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: p.companyId,
      resourceType: 'dr_pair',
      resourceId: p.id,
      details,
    });
  }
}
