import { Injectable, Logger } from '@nestjs/common';
import {
  JOB_UPDATED_EVENT,
  jobSpec,
  type JobDto,
  type JobListQuery,
  type JobPage,
  type TrackedJobName,
  type TrackedJobParams,
} from '@multpanel/contracts';
import type { Principal, Scope } from '../../common/auth/scope';
import { notFound } from '../../common/errors/app-error';
import type { PhaseTimer } from '../../common/logging/phase-timer';
import { EventsPublisher } from '../../common/events/events.publisher';
import { QueueService } from '../../common/queue/queue.service';
import { RedisService } from '../../common/redis/redis.service';
import type { Prisma } from '../../generated/prisma/client';
import { VmGrantsRepository } from '../vm-grants/vm-grants.repository';
import { toJobDto } from './jobs.mapper';
import { BULK_ROWS, JobsRepository, type JobRow } from './jobs.repository';

export const MAX_LOG_LINE = 2000;

/** What a running job shows while no worker holds it (its worker died; another takes it over). */
export const WAITING_FOR_WORKER = 'Waiting for a worker (the one running it stopped)';

/** The Redis key of a running job's lease (held and renewed by the worker running it). */
export const jobLeaseKey = (redis: RedisService, jobId: string) => redis.key('job-lease', jobId);

/** A tracked job to create: params are type-checked against the catalog per job name. */
export interface NewJob<T extends TrackedJobName = TrackedJobName> {
  type: T;
  companyId: string | null;
  actorId: string | null;
  guestId?: string | null;
  clusterId?: string | null;
  node?: string | null;
  params: TrackedJobParams[T];
  idempotencyKey?: string | null;
  message?: string | null;
}

/** Creates, tracks and publishes jobs. Runs in the API (create, read) and the worker (progress). */
@Injectable()
export class JobsService {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly repo: JobsRepository,
    private readonly queues: QueueService,
    private readonly grants: VmGrantsRepository,
    private readonly events: EventsPublisher,
    private readonly redis: RedisService,
  ) {}

  /** Insert the row (optionally inside the caller's transaction); call `enqueue` after commit. */
  create<T extends TrackedJobName>(
    data: NewJob<T>,
    tx?: Prisma.TransactionClient,
  ): Promise<JobRow> {
    const spec = jobSpec(data.type);
    if (!spec?.tracked) throw new Error(`Not a tracked job type: ${data.type}`);
    if (spec.owner === 'platform' && data.companyId !== null) {
      throw new Error(`${data.type} is platform work and cannot belong to a company`);
    }
    return this.repo.create({ ...data, params: data.params as Prisma.InputJsonValue }, tx);
  }

  /**
   * Creates and enqueues many jobs of one type at once, with ids chosen by the caller (e.g. the
   * backup result each job fills). No event per job: each publishes when it starts running.
   */
  async startMany<T extends TrackedJobName>(
    type: T,
    jobs: Array<Omit<NewJob<T>, 'type'> & { id: string }>,
    phases?: PhaseTimer,
  ): Promise<void> {
    const spec = jobSpec(type);
    if (!spec?.tracked) throw new Error(`Not a tracked job type: ${type}`);
    if (!jobs.length) return;
    // Rows and queue entries chunk by chunk, a chunk's enqueue overlapping the next chunk's INSERT
    // (MariaDB and Redis work at the same time); a job is enqueued only once its row exists.
    let enqueued: Promise<void> = Promise.resolve();
    for (let i = 0; i < jobs.length; i += BULK_ROWS) {
      const chunk = jobs.slice(i, i + BULK_ROWS);
      await this.repo.createMany(
        chunk.map((j) => ({ ...j, type, params: j.params as Prisma.InputJsonValue })),
      );
      await enqueued;
      enqueued = this.queues.enqueueTrackedBulk(
        chunk.map((j) => ({ id: j.id, type, companyId: j.companyId, actorId: j.actorId })),
      );
      // awaited on the next turn; meanwhile a failure must not count as unhandled (it would end
      // the process)
      enqueued.catch(() => undefined);
    }
    await enqueued;
    phases?.mark('jobs+enqueue');
  }

  /**
   * Queued rows of one type inside the caller's transaction (e.g. with the rows they fill); call
   * `enqueueMany` after the commit. A row whose enqueue is lost is found by the job recovery.
   */
  async createManyIn<T extends TrackedJobName>(
    tx: Prisma.TransactionClient,
    type: T,
    jobs: Array<Omit<NewJob<T>, 'type'> & { id: string }>,
  ): Promise<void> {
    if (!jobSpec(type)?.tracked) throw new Error(`Not a tracked job type: ${type}`);
    await this.repo.createMany(
      jobs.map((j) => ({ ...j, type, params: j.params as Prisma.InputJsonValue })),
      tx,
    );
  }

  async enqueueMany(
    type: TrackedJobName,
    jobs: Array<{ id: string; companyId: string | null; actorId: string | null }>,
  ): Promise<void> {
    if (jobs.length) await this.queues.enqueueTrackedBulk(jobs.map((j) => ({ ...j, type })));
  }

  findByIdempotencyKey(actorId: string, key: string): Promise<JobRow | null> {
    return this.repo.findByIdempotencyKey(actorId, key);
  }

  async enqueue(job: JobRow, logLines: string[] = []): Promise<JobDto> {
    await this.repo.appendLog(job.id, logLines.map(clip));
    await this.queues.enqueueTracked(job);
    await this.publish(job);
    return toJobDto(job);
  }

  /** Create + enqueue in one go, for jobs that do not share a transaction with other writes. */
  async start<T extends TrackedJobName>(data: NewJob<T>, logLines: string[] = []): Promise<JobDto> {
    return this.enqueue(await this.create(data), logLines);
  }

  async list(principal: Principal, scope: Scope, q: JobListQuery): Promise<JobPage> {
    const guestIds = await this.grantedGuestIds(scope);
    const [rows, total] = await this.repo.page(
      scope,
      guestIds,
      { status: q.status, guestId: q.guestId, companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    const [shown, names] = await Promise.all([this.withWorkerState(rows), this.repo.names(rows)]);
    return {
      items: shown.map((r) => toJobDto(r, undefined, names)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(scope: Scope, id: string): Promise<JobDto> {
    const row = await this.repo.findScoped(scope, await this.grantedGuestIds(scope), id);
    if (!row) throw notFound('Job');
    const [[shown], log, names] = await Promise.all([
      this.withWorkerState([row]),
      this.repo.log(id),
      this.repo.names([row]),
    ]);
    return toJobDto(shown, log, names);
  }

  /** A running job whose worker no longer holds its lease says so instead of frozen progress. */
  private async withWorkerState(rows: JobRow[]): Promise<JobRow[]> {
    const running = rows.filter((r) => r.status === 'running');
    if (!running.length) return rows;
    const held = await this.redis.client
      .mget(running.map((r) => jobLeaseKey(this.redis, r.id)))
      .catch(() => null);
    if (!held) return rows;
    const orphaned = new Set(running.filter((_, i) => held[i] === null).map((r) => r.id));
    return rows.map((r) => (orphaned.has(r.id) ? { ...r, message: WAITING_FOR_WORKER } : r));
  }

  // --- worker side -------------------------------------------------------------------------

  findById(id: string): Promise<JobRow | null> {
    return this.repo.findById(id);
  }

  active(types?: string[], createdBefore?: Date): Promise<JobRow[]> {
    return this.repo.active(types, createdBefore);
  }

  /** Whether BullMQ still holds this row's job ('unknown': gone, e.g. Redis lost its data). */
  queueState(job: JobRow): Promise<string> {
    return this.queues.trackedState(job);
  }

  async update(
    id: string,
    data: Prisma.JobUpdateInput,
    lines: string[] = [],
    publish = true,
  ): Promise<JobRow> {
    const row = await this.repo.updateWithLog(id, data, lines.map(clip));
    if (publish) await this.publish(row);
    return row;
  }

  /** Whether another job already follows this Proxmox task (so it is not this job's to adopt). */
  upidTaken(upid: string, exceptJobId: string, since?: Date): Promise<boolean> {
    return this.repo.upidTaken(upid, exceptJobId, since);
  }

  log(id: string, lines: string[]): Promise<void> {
    return this.repo.appendLog(id, lines.map(clip));
  }

  async publish(row: JobRow): Promise<void> {
    // `user` principals only hear about jobs on guests granted to them (and their own jobs).
    const userIds = row.guestId ? await this.grants.userIdsForGuest(row.guestId) : [];
    if (row.actorId) userIds.push(row.actorId);
    await this.events
      .publish({
        type: JOB_UPDATED_EVENT,
        companyId: row.companyId,
        userIds,
        payload: toJobDto(row),
      })
      .catch((err: Error) => this.logger.warn(`could not publish job ${row.id}: ${err.message}`));
  }

  private async grantedGuestIds(scope: Scope): Promise<string[] | null> {
    return scope.kind === 'vm_grants' ? this.grants.guestIdsForUser(scope.userId) : null;
  }
}

const clip = (line: string) =>
  line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}…` : line;
