import { Injectable } from '@nestjs/common';
import { historyBound, type BackupHistoryQuery, type BackupSelection } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import {
  Prisma,
  type BackupResult,
  type BackupRun,
  type BackupSchedule,
} from '../../generated/prisma/client';

/** A busy host: the settle of a run's last results waits on its lock longer than Prisma's 5 s. */
const SETTLE_TX = { timeout: 30_000, maxWait: 15_000 };

/** Results per bulk INSERT of a run (~0.3 MB of JSON text). */
const RESULT_ROWS = 1000;

export type RunRow = BackupRun & {
  schedule: { name: string } | null;
  results: Array<{ status: string }>;
};
const runInclude = {
  schedule: { select: { name: true } },
  results: { select: { status: true } },
} as const;

export interface WaitingResult {
  id: string;
  guestId: string;
  clusterId: string;
  node: string;
  vmid: number;
  guestName: string | null;
}

export interface NewResult {
  guestId: string;
  clusterId: string;
  node: string;
  vmid: number;
  guestName: string | null;
  status?: string;
  error?: string | null;
}

/** Backup schedules, runs and results: every read takes the caller's scope first. */
@Injectable()
export class BackupsRepository {
  constructor(private readonly prisma: PrismaService) {}

  // --- schedules ----------------------------------------------------------------------------

  async schedulePage(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[BackupSchedule[], number]> {
    const where: Prisma.BackupScheduleWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.backupSchedule.findMany({
        where,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.backupSchedule.count({ where }),
    ]);
  }

  schedule(scope: Scope, id: string): Promise<BackupSchedule | null> {
    return this.prisma.backupSchedule.findFirst({ where: { id, ...companyWhere(scope) } });
  }

  scheduleById(id: string): Promise<BackupSchedule | null> {
    return this.prisma.backupSchedule.findUnique({ where: { id } });
  }

  createSchedule(data: Prisma.BackupScheduleUncheckedCreateInput): Promise<BackupSchedule> {
    return this.prisma.backupSchedule.create({ data });
  }

  async updateSchedule(
    scope: Scope,
    id: string,
    data: Prisma.BackupScheduleUpdateInput,
  ): Promise<BackupSchedule | null> {
    const { count } = await this.prisma.backupSchedule.updateMany({
      where: { id, ...companyWhere(scope) },
      data,
    });
    return count === 1 ? this.schedule(scope, id) : null;
  }

  async deleteSchedule(scope: Scope, id: string): Promise<boolean> {
    const { count } = await this.prisma.backupSchedule.deleteMany({
      where: { id, ...companyWhere(scope) },
    });
    return count === 1;
  }

  /** Enabled schedules whose next run is due. */
  dueSchedules(now: Date, take: number): Promise<BackupSchedule[]> {
    return this.prisma.backupSchedule.findMany({
      where: { enabled: true, nextRunAt: { lte: now } },
      orderBy: { nextRunAt: 'asc' },
      take,
    });
  }

  /** Moves the schedule on only if nobody else did (compare-and-set on nextRunAt). */
  async advanceSchedule(id: string, from: Date | null, next: Date | null): Promise<boolean> {
    const { count } = await this.prisma.backupSchedule.updateMany({
      where: { id, nextRunAt: from },
      data: { nextRunAt: next, ...(from ? { lastRunAt: from } : {}) },
    });
    return count === 1;
  }

  // --- runs and results ----------------------------------------------------------------------

  /** The run and its results in one transaction; a planned run exists once (unique schedule+time). */
  async createRun(
    run: Prisma.BackupRunUncheckedCreateInput & { id: string },
    results: Array<NewResult & { id: string; jobId: string | null }>,
  ): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        await tx.backupRun.create({ data: run });
        // Not createMany (Prisma plans each row in JS: a 10,000-guest run ran the API out of its
        // heap) nor placeholders per value (~0.9 s of API CPU for 10,000 rows): the rows go as one
        // JSON text per statement that MariaDB unpacks with JSON_TABLE.
        for (let i = 0; i < results.length; i += RESULT_ROWS) {
          const batch = JSON.stringify(
            results.slice(i, i + RESULT_ROWS).map((r) => ({
              id: r.id,
              guestId: r.guestId,
              clusterId: r.clusterId,
              node: r.node,
              vmid: r.vmid,
              guestName: r.guestName,
              status: r.status ?? 'queued',
              jobId: r.jobId,
              error: r.error ?? null,
            })),
          );
          await tx.$executeRaw`
            INSERT INTO BackupResult (id, runId, companyId, guestId, clusterId, node, vmid,
                                      guestName, status, jobId, error)
            SELECT t.id, ${run.id}, ${run.companyId}, t.guestId, t.clusterId, t.node, t.vmid,
                   t.guestName, t.status, t.jobId, t.error
            FROM JSON_TABLE(${batch}, '$[*]' COLUMNS (
              id CHAR(36) PATH '$.id',
              guestId CHAR(36) PATH '$.guestId',
              clusterId CHAR(36) PATH '$.clusterId',
              node VARCHAR(64) PATH '$.node',
              vmid INT PATH '$.vmid',
              guestName VARCHAR(191) PATH '$.guestName',
              status VARCHAR(16) PATH '$.status',
              jobId CHAR(36) PATH '$.jobId',
              error TEXT PATH '$.error'
            )) AS t`;
        }
      },
      // Prisma's default (5 s) expired the transaction of a 10,000-guest run on a busy host: the
      // whole run was refused (500) with nothing planned.
      { timeout: 120_000, maxWait: 10_000 },
    );
  }

  /** What feeding a run's jobs needs: its status, owner and the vzdump parameters. */
  runForFeed(id: string) {
    return this.prisma.backupRun.findUnique({
      where: { id },
      select: { status: true, companyId: true, actorId: true, jobParams: true },
    });
  }

  /**
   * Gives up to `window` minus the open jobs of a run's node to waiting results (jobId = result id)
   * and inserts their jobs (`insertJobs`, same transaction). Answers them, and the node's jobs
   * still queued (`pending`: their enqueue may have been lost with a killed worker; enqueueing a
   * job id BullMQ holds is a no-op). SKIP LOCKED: two feeds never claim one result; both may count
   * the same open jobs, so the window is soft (the node and storage semaphores bound what runs).
   */
  async claimWaiting(
    runId: string,
    clusterId: string,
    node: string,
    window: number,
    insertJobs: (tx: Prisma.TransactionClient, rows: WaitingResult[]) => Promise<void>,
  ): Promise<{ claimed: WaitingResult[]; pending: string[] }> {
    return this.prisma.$transaction(async (tx) => {
      const open = await tx.$queryRaw<Array<{ id: string; status: string }>>`
          SELECT id, status FROM BackupResult
          WHERE runId = ${runId} AND clusterId = ${clusterId} AND node = ${node}
            AND status IN ('queued', 'running') AND jobId IS NOT NULL`;
      const pending = open.filter((r) => r.status === 'queued').map((r) => r.id);
      const take = window - open.length;
      if (take <= 0) return { claimed: [], pending };
      const rows = await tx.$queryRaw<WaitingResult[]>`
          SELECT id, guestId, clusterId, node, vmid, guestName FROM BackupResult
          WHERE runId = ${runId} AND clusterId = ${clusterId} AND node = ${node}
            AND status = 'queued' AND jobId IS NULL
          ORDER BY id LIMIT ${take} FOR UPDATE SKIP LOCKED`;
      if (!rows.length) return { claimed: [], pending };
      await tx.$executeRaw`
          UPDATE BackupResult SET jobId = id WHERE id IN (${Prisma.join(rows.map((r) => r.id))})`;
      await insertJobs(tx, rows);
      return { claimed: rows, pending };
    }, SETTLE_TX);
  }

  /** Records a node's results still waiting for a job as missed (the run's window closed). */
  async missWaiting(runId: string, clusterId: string, node: string, error: string) {
    return this.prisma.backupResult.updateMany({
      where: { runId, clusterId, node, status: 'queued', jobId: null },
      data: { status: 'missed', error, finishedAt: new Date() },
    });
  }

  /** Nodes of unfinished runs with queued results, with or without a job (the periodic top-up). */
  async waitingNodes(): Promise<Array<{ runId: string; clusterId: string; node: string }>> {
    return this.prisma.$queryRaw`
      SELECT DISTINCT r.runId, r.clusterId, r.node
      FROM BackupRun b JOIN BackupResult r ON r.runId = b.id
      WHERE b.status IN ('queued', 'running') AND r.status = 'queued'`;
  }

  /**
   * The run and one result per guest its selection covers, written by MariaDB in one INSERT …
   * SELECT from Guest: nothing of the 10,000 guests of a big run passes through the API (reading
   * them and sending them back cost ~12 s of a 13 s plan at load 20). The guest filter is
   * GuestsRepository.selected's, in SQL (backups-selection test compares the two). Result ids are
   * `idPrefix` (24 characters of a fresh UUIDv7) plus the row number in cluster, node, VMID order,
   * so they sort in that order; the first `window` results of each node get their job id (= their
   * id). Answers how many results and those with a job.
   */
  async createRunFromSelection(
    run: Prisma.BackupRunUncheckedCreateInput & { id: string; companyId: string },
    sel: BackupSelection,
    opts: { idPrefix: string; window: number; missed?: string },
  ): Promise<{ count: number; withJob: WaitingResult[] }> {
    const any: Prisma.Sql[] = [];
    if (sel.guestIds?.length) any.push(Prisma.sql`g.id IN (${Prisma.join(sel.guestIds)})`);
    for (const tag of sel.tags ?? [])
      any.push(Prisma.sql`JSON_CONTAINS(g.tags, JSON_ARRAY(${tag}))`);
    if (sel.clusterId && !sel.pool) any.push(Prisma.sql`g.clusterId = ${sel.clusterId}`);
    if (sel.pool)
      any.push(
        sel.clusterId
          ? Prisma.sql`(g.pool = ${sel.pool} AND g.clusterId = ${sel.clusterId})`
          : Prisma.sql`g.pool = ${sel.pool}`,
      );
    const covers = sel.allGuests
      ? Prisma.empty
      : any.length
        ? Prisma.sql`AND (${Prisma.join(any, ' OR ')})`
        : Prisma.sql`AND FALSE`;
    const excluded = sel.excludeGuestIds?.length
      ? Prisma.sql`AND g.id NOT IN (${Prisma.join(sel.excludeGuestIds)})`
      : Prisma.empty;
    const id = (rn: Prisma.Sql) =>
      Prisma.sql`CONCAT(${opts.idPrefix}, LPAD(LOWER(HEX(${rn})), 12, '0'))`;
    return this.prisma.$transaction(
      async (tx) => {
        await tx.backupRun.create({ data: run });
        const count = await tx.$executeRaw`
          INSERT INTO BackupResult (id, runId, companyId, guestId, clusterId, node, vmid,
                                    guestName, status, jobId, error, finishedAt)
          SELECT ${id(Prisma.sql`s.rn`)}, ${run.id}, ${run.companyId}, s.id, s.clusterId, s.node,
                 s.activeVmid, s.name, ${opts.missed ? 'missed' : 'queued'},
                 IF(${opts.missed ? 1 : 0} OR s.nodeRn > ${opts.window}, NULL, ${id(Prisma.sql`s.rn`)}),
                 ${opts.missed ?? null}, ${opts.missed ? new Date() : null}
          FROM (
            SELECT g.id, g.clusterId, g.node, g.activeVmid, g.name,
                   ROW_NUMBER() OVER (ORDER BY g.clusterId, g.node, g.vmid) AS rn,
                   ROW_NUMBER() OVER (PARTITION BY g.clusterId, g.node ORDER BY g.vmid) AS nodeRn
            FROM Guest g
            WHERE g.companyId = ${run.companyId} AND g.goneAt IS NULL
              AND g.activeVmid IS NOT NULL AND g.template = FALSE ${covers} ${excluded}
          ) AS s`;
        if (!count)
          await tx.backupRun.update({
            where: { id: run.id },
            data: { status: opts.missed ? 'missed' : 'succeeded', finishedAt: new Date() },
          });
        const withJob = count
          ? await tx.$queryRaw<WaitingResult[]>`
              SELECT id, guestId, clusterId, node, vmid, guestName FROM BackupResult
              WHERE runId = ${run.id} AND jobId IS NOT NULL ORDER BY id`
          : [];
        return { count, withJob };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  }

  result(id: string): Promise<BackupResult | null> {
    return this.prisma.backupResult.findUnique({ where: { id } });
  }

  updateResult(id: string, data: Prisma.BackupResultUpdateInput): Promise<BackupResult> {
    return this.prisma.backupResult.update({ where: { id }, data });
  }

  /**
   * Sets the run's status from its results. Serialised per run (row lock), so the last of several
   * results finishing at once always sees them all.
   *
   * A running run with a result still open stays running: answered without the lock and without
   * counting. Counting every result under the run's lock for each of 10,000 guests (twice each)
   * queued the jobs on that lock until Prisma's 5 s transaction limit failed backups that had
   * succeeded (bench, 970 guests at load 35). Of two last results finishing at once, the one that
   * looks second sees both final (each looks after its own write), so one of them settles the run.
   */
  async settleRun(runId: string): Promise<{ from: string; to: string; companyId: string } | null> {
    const [run, open] = await Promise.all([
      this.prisma.backupRun.findUnique({
        where: { id: runId },
        select: { status: true, companyId: true },
      }),
      this.prisma.backupResult.findFirst({
        where: { runId, status: { in: ['queued', 'running'] } },
        select: { id: true },
      }),
    ]);
    if (!run) return null;
    if (open && run.status === 'running')
      return { from: 'running', to: 'running', companyId: run.companyId };
    return this.prisma.$transaction(async (tx) => {
      const [cur] = await tx.$queryRaw<
        Array<{ status: string; companyId: string }>
      >`SELECT status, companyId FROM BackupRun WHERE id = ${runId} FOR UPDATE`;
      if (!cur) return null;
      const results = await tx.backupResult.groupBy({
        by: ['status'],
        where: { runId },
        _count: { _all: true },
      });
      const n = (s: string) => results.find((r) => r.status === s)?._count._all ?? 0;
      const open = n('queued') + n('running');
      const total = results.reduce((s, r) => s + r._count._all, 0);
      let status: string;
      if (open) status = n('running') || total > open ? 'running' : 'queued';
      else if (total === 0 || n('succeeded') === total) status = 'succeeded';
      else if (n('missed') === total) status = 'missed';
      else if (n('succeeded') === 0) status = 'failed';
      else status = 'partial';
      await tx.backupRun.update({
        where: { id: runId },
        data: { status, finishedAt: open ? null : new Date() },
      });
      return { from: cur.status, to: status, companyId: cur.companyId };
    }, SETTLE_TX);
  }

  // --- notifications -------------------------------------------------------------------------

  /** Who hears of a company's backup trouble: its active admins and the MSP's staff for it. */
  notifyRecipients(
    companyId: string,
  ): Promise<Array<{ id: string; name: string; email: string; companyId: string | null }>> {
    return this.prisma.user.findMany({
      where: {
        status: 'active',
        OR: [
          { role: 'company_admin', companyId },
          { role: 'super_admin' },
          { role: 'salesperson', salespersonAssignments: { some: { companyId } } },
        ],
      },
      select: { id: true, name: true, email: true, companyId: true },
      orderBy: { email: 'asc' },
    });
  }

  /** A run for its mail: schedule and company names, counts and the first `take` bad results. */
  async runForMail(id: string, take: number) {
    const run = await this.prisma.backupRun.findUnique({
      where: { id },
      include: {
        schedule: { select: { name: true } },
        results: {
          where: { status: { not: 'succeeded' } },
          orderBy: [{ guestName: 'asc' }, { vmid: 'asc' }],
          take,
        },
      },
    });
    if (!run) return null;
    const [total, notOk, company] = await Promise.all([
      this.prisma.backupResult.count({ where: { runId: id } }),
      this.prisma.backupResult.count({ where: { runId: id, status: { not: 'succeeded' } } }),
      this.prisma.company.findUnique({ where: { id: run.companyId }, select: { name: true } }),
    ]);
    return { ...run, total, notOk, company: company?.name ?? 'the company' };
  }

  async restoreTestForMail(id: string) {
    const t = await this.prisma.restoreTest.findUnique({ where: { id } });
    if (!t) return null;
    const company = await this.prisma.company.findUnique({
      where: { id: t.companyId },
      select: { name: true },
    });
    return { ...t, company: company?.name ?? 'the company' };
  }

  async runPage(
    scope: Scope,
    guestIds: string[] | null,
    q: BackupHistoryQuery,
  ): Promise<[RunRow[], number]> {
    // One result must match every guest-level filter (the guest, the cluster, the visible guests).
    const result: Prisma.BackupResultWhereInput = {
      ...(q.guestId || guestIds
        ? {
            guestId: {
              ...(q.guestId ? { equals: q.guestId } : {}),
              ...(guestIds ? { in: guestIds } : {}),
            },
          }
        : {}),
      ...(q.clusterId ? { clusterId: q.clusterId } : {}),
    };
    const where: Prisma.BackupRunWhereInput = {
      AND: [
        companyWhere(scope),
        q.companyId ? { companyId: q.companyId } : {},
        q.scheduleId ? { scheduleId: q.scheduleId } : {},
        q.status ? { status: q.status } : {},
        q.from ? { plannedAt: { gte: historyBound(q.from, false) } } : {},
        q.to ? { plannedAt: { lte: historyBound(q.to, true) } } : {},
        Object.keys(result).length ? { results: { some: result } } : {},
      ],
    };
    return Promise.all([
      this.prisma.backupRun.findMany({
        where,
        include: runInclude,
        orderBy: [{ plannedAt: 'desc' }, { id: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.backupRun.count({ where }),
    ]);
  }

  run(scope: Scope, id: string): Promise<RunRow | null> {
    return this.prisma.backupRun.findFirst({
      where: { id, ...companyWhere(scope) },
      include: runInclude,
    });
  }

  runResults(runId: string, guestIds: string[] | null): Promise<BackupResult[]> {
    return this.prisma.backupResult.findMany({
      where: { runId, ...(guestIds ? { guestId: { in: guestIds } } : {}) },
      orderBy: [{ node: 'asc' }, { vmid: 'asc' }],
    });
  }

  /** The newest results of one guest (its backup status). */
  guestResults(guestId: string, take: number): Promise<BackupResult[]> {
    return this.prisma.backupResult.findMany({
      where: { guestId },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** A company's enabled schedules (what they cover is resolved by the guests module). */
  enabledSchedules(companyId: string): Promise<BackupSchedule[]> {
    return this.prisma.backupSchedule.findMany({ where: { companyId, enabled: true } });
  }

  /** Per guest, when its newest successful backup started. */
  async lastBackups(guestIds: string[]): Promise<Map<string, Date>> {
    if (!guestIds.length) return new Map();
    const rows = await this.prisma.backupResult.findMany({
      where: { guestId: { in: guestIds }, status: 'succeeded' },
      orderBy: [{ guestId: 'asc' }, { finishedAt: 'desc' }],
      distinct: ['guestId'],
      select: { guestId: true, startedAt: true, finishedAt: true },
    });
    return new Map(rows.map((r) => [r.guestId, (r.startedAt ?? r.finishedAt)!]));
  }
}
