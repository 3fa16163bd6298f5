import { Injectable } from '@nestjs/common';
import type { JobStatus } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
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

/** The only place that touches the Job and JobLog tables. */
@Injectable()
export class JobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: JobInsert, tx: Prisma.TransactionClient = this.prisma): Promise<JobRow> {
    return tx.job.create({ data: { ...data, status: 'queued' } });
  }

  /** Many rows with ids chosen by the caller, 1,000 per statement. */
  async createMany(rows: Array<JobInsert & { id: string }>): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await this.prisma.job.createMany({
        data: rows.slice(i, i + 1000).map((r) => ({ ...r, status: 'queued' as const })),
      });
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

  update(id: string, data: Prisma.JobUpdateInput): Promise<JobRow> {
    return this.prisma.job.update({ where: { id }, data });
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
