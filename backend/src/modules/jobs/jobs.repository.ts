import { Injectable } from '@nestjs/common';
import type { JobStatus } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { JobNames } from './jobs.mapper';
import { Prisma, type Job } from '../../generated/prisma/client';

export type JobRow = Job;
/** A row as inserted (JobsService.create checks the type and params against the catalog). */
export interface JobInsert {
  type: string;
  companyId: string | null;
  actorId: string | null;
  guestId?: string | null;
  clusterId?: string | null;
  node?: string | null;
  params: Prisma.InputJsonValue;
  idempotencyKey?: string | null;
  message?: string | null;
}

const ACTIVE: JobStatus[] = ['queued', 'running'];
/** Rows per bulk INSERT (~0.5 MB of JSON text, well under max_allowed_packet). */
export const BULK_ROWS = 1000;

/** The only place that touches the Job and JobLog tables. */
@Injectable()
export class JobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: JobInsert, tx: Prisma.TransactionClient = this.prisma): Promise<JobRow> {
    return tx.job.create({ data: { ...data, status: 'queued' } });
  }

  /**
   * Many queued rows with ids chosen by the caller, BULK_ROWS per INSERT. Raw SQL on purpose:
   * Prisma's createMany plans every row in JS (1,000 rows: ~6 s and ~25 MB of heap), and even a
   * multi-row INSERT with 13 placeholders a row cost ~1.1 s of API CPU for 10,000 rows (each
   * placeholder converted and escaped in JS). The rows go as one JSON text that MariaDB unpacks
   * with JSON_TABLE: one parameter per statement.
   */
  async createMany(
    rows: Array<JobInsert & { id: string }>,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<void> {
    const now = new Date();
    for (let i = 0; i < rows.length; i += BULK_ROWS) {
      const batch = JSON.stringify(
        rows.slice(i, i + BULK_ROWS).map((r) => ({
          id: r.id,
          type: r.type,
          companyId: r.companyId,
          actorId: r.actorId,
          guestId: r.guestId ?? null,
          clusterId: r.clusterId ?? null,
          node: r.node ?? null,
          // a JSON text inside the JSON: JSON_TABLE hands it over unchanged
          params: JSON.stringify(r.params),
          idempotencyKey: r.idempotencyKey ?? null,
          message: r.message ?? null,
        })),
      );
      await tx.$executeRaw`
        INSERT INTO Job (id, type, status, companyId, actorId, guestId, clusterId, node, params,
                         idempotencyKey, message, createdAt, updatedAt)
        SELECT t.id, t.type, 'queued', t.companyId, t.actorId, t.guestId, t.clusterId, t.node,
               t.params, t.idempotencyKey, t.message, ${now}, ${now}
        FROM JSON_TABLE(${batch}, '$[*]' COLUMNS (
          id CHAR(36) PATH '$.id',
          type VARCHAR(64) PATH '$.type',
          companyId CHAR(36) PATH '$.companyId',
          actorId CHAR(36) PATH '$.actorId',
          guestId CHAR(36) PATH '$.guestId',
          clusterId CHAR(36) PATH '$.clusterId',
          node VARCHAR(64) PATH '$.node',
          params LONGTEXT PATH '$.params',
          idempotencyKey VARCHAR(191) PATH '$.idempotencyKey',
          message VARCHAR(512) PATH '$.message'
        )) AS t`;
    }
  }

  findByIdempotencyKey(actorId: string, key: string): Promise<JobRow | null> {
    return this.prisma.job.findUnique({
      where: { actorId_idempotencyKey: { actorId, idempotencyKey: key } },
    });
  }

  findById(id: string): Promise<JobRow | null> {
    return this.prisma.job.findUnique({ where: { id } });
  }

  /** `guestIds` narrows a `user` scope to the guests granted to them. */
  private scoped(scope: Scope, guestIds: string[] | null): Prisma.JobWhereInput {
    const where: Prisma.JobWhereInput = { ...(companyWhere(scope) as Prisma.JobWhereInput) };
    if (guestIds) where.guestId = { in: guestIds };
    return where;
  }

  findScoped(scope: Scope, guestIds: string[] | null, id: string): Promise<JobRow | null> {
    return this.prisma.job.findFirst({ where: { id, ...this.scoped(scope, guestIds) } });
  }

  async page(
    scope: Scope,
    guestIds: string[] | null,
    filter: { status?: JobStatus; guestId?: string; companyId?: string },
    skip: number,
    take: number,
  ): Promise<[JobRow[], number]> {
    const where: Prisma.JobWhereInput = { AND: [this.scoped(scope, guestIds), filter] };
    return Promise.all([
      this.prisma.job.findMany({ where, orderBy: { createdAt: 'desc' }, skip, take }),
      this.prisma.job.count({ where }),
    ]);
  }

  /**
   * Display names for the ids a page of jobs carries, one query per kind. Read by primary key after
   * the scope filter chose the rows, so nothing outside the caller's scope is named.
   */
  async names(rows: JobRow[]): Promise<JobNames> {
    const ids = (pick: (r: JobRow) => string | null) => [
      ...new Set(rows.map(pick).filter((v): v is string => !!v)),
    ];
    const [guestIds, companyIds, userIds, clusterIds] = [
      ids((r) => r.guestId),
      ids((r) => r.companyId),
      ids((r) => r.actorId),
      ids((r) => r.clusterId),
    ];
    const [guests, companies, users, clusters] = await Promise.all([
      guestIds.length
        ? this.prisma.guest.findMany({
            where: { id: { in: guestIds } },
            select: { id: true, name: true, vmid: true },
          })
        : [],
      companyIds.length
        ? this.prisma.company.findMany({
            where: { id: { in: companyIds } },
            select: { id: true, name: true },
          })
        : [],
      userIds.length
        ? this.prisma.user.findMany({
            where: { id: { in: userIds } },
            select: { id: true, name: true },
          })
        : [],
      clusterIds.length
        ? this.prisma.cluster.findMany({
            where: { id: { in: clusterIds } },
            select: { id: true, name: true },
          })
        : [],
    ]);
    const map = (list: { id: string; name: string }[]) => new Map(list.map((x) => [x.id, x.name]));
    return {
      guests: new Map(guests.map((g) => [g.id, g.name ?? `#${g.vmid}`])),
      companies: map(companies),
      users: map(users),
      clusters: map(clusters),
    };
  }

  update(id: string, data: Prisma.JobUpdateInput): Promise<JobRow> {
    return this.prisma.job.update({ where: { id }, data });
  }

  /** The row change and its log lines in one transaction (a task id never without its line). */
  async updateWithLog(id: string, data: Prisma.JobUpdateInput, lines: string[]): Promise<JobRow> {
    if (!lines.length) return this.update(id, data);
    const [, row] = await this.prisma.$transaction([
      this.prisma.jobLog.createMany({ data: lines.map((line) => ({ jobId: id, line })) }),
      this.prisma.job.update({ where: { id }, data }),
    ]);
    return row;
  }

  /** Whether another job already follows this Proxmox task. */
  /**
   * Whether another job follows or followed this task. A job's `upid` moves on to its next step's
   * task, so its log lines (each followed task is logged with its UPID at the end) count too, from
   * `since` on: two jobs cloning one template a few seconds apart must not adopt each other's clone.
   * The log scan runs only on the recovery path (a restart or a lost answer).
   */
  async upidTaken(upid: string, exceptJobId: string, since?: Date): Promise<boolean> {
    const n = await this.prisma.job.count({ where: { upid, id: { not: exceptJobId } } });
    if (n > 0 || !since) return n > 0;
    const line = await this.prisma.jobLog.findFirst({
      where: { jobId: { not: exceptJobId }, at: { gte: since }, line: { endsWith: upid } },
      select: { id: true },
    });
    return line !== null;
  }

  async appendLog(jobId: string, lines: string[]): Promise<void> {
    if (!lines.length) return;
    await this.prisma.jobLog.createMany({ data: lines.map((line) => ({ jobId, line })) });
  }

  log(jobId: string, take = 2000): Promise<Array<{ at: Date; line: string }>> {
    return this.prisma.jobLog.findMany({
      where: { jobId },
      orderBy: { id: 'asc' },
      take,
      select: { at: true, line: true },
    });
  }

  /** Queued or running rows, oldest first; `createdBefore` leaves out rows still being enqueued. */
  active(types?: string[], createdBefore?: Date): Promise<JobRow[]> {
    return this.prisma.job.findMany({
      where: {
        status: { in: ACTIVE },
        ...(types ? { type: { in: types } } : {}),
        ...(createdBefore ? { createdAt: { lt: createdBefore } } : {}),
      },
      orderBy: { createdAt: 'asc' },
    });
  }

  activeForGuest(guestId: string): Promise<JobRow[]> {
    return this.prisma.job.findMany({ where: { guestId, status: { in: ACTIVE } } });
  }
}
