import { z } from 'zod';
import { JOB_STATUSES } from './job-statuses';
import type { JobDto } from './jobs-api';

// Building blocks of the response schemas (api-responses*.ts). Ids are any non-empty string (the
// SPA's fixtures name them "job-1"; the API sends UUIDs); timestamps are ISO 8601 with an offset,
// as the API serialises dates.

export const id = z.string().min(1);
export const at = z.iso.datetime({ offset: true });
export const count = z.number().int().min(0);

/** `{ items, total, page, pageSize }`: every server-paged list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z
    .object({
      items: z.array(item),
      total: count,
      page: z.number().int().min(1),
      pageSize: z.number().int().min(1),
    })
    .strict();

/** A tracked job (JobDto): GET /jobs/:id, and the `job` of every 202 answer that starts one. */
export const jobSchema: z.ZodType<JobDto> = z
  .object({
    id,
    type: z.string().min(1),
    status: z.enum(JOB_STATUSES),
    progress: z.number().min(0).max(100),
    message: z.string().nullable(),
    companyId: id.nullable(),
    actorId: id.nullable(),
    guestId: id.nullable(),
    clusterId: id.nullable(),
    node: z.string().nullable(),
    upid: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
    createdAt: at,
    startedAt: at.nullable(),
    finishedAt: at.nullable(),
    log: z.array(z.object({ at, line: z.string() }).strict()).optional(),
    guestName: z.string().nullable().optional(),
    companyName: z.string().nullable().optional(),
    actorName: z.string().nullable().optional(),
    clusterName: z.string().nullable().optional(),
  })
  .strict();
