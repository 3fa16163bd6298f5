import { z } from 'zod';
import { JOB_STATUSES, type JobStatus } from './job-statuses';

// Tracked jobs (the `Job` table): what the API returns and what `job.updated` events carry.

export { JOB_STATUSES, type JobStatus };

export interface JobLogLine {
  at: string;
  line: string;
}

export interface JobDto {
  id: string;
  type: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  companyId: string | null;
  actorId: string | null;
  guestId: string | null;
  clusterId: string | null;
  node: string | null;
  upid: string | null;
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Only on GET /api/jobs/:id. */
  log?: JobLogLine[];
  /**
   * Names for the ids above, on GET /api/jobs and /api/jobs/:id (live `job.updated` pushes carry
   * ids only; the SPA keeps the names it has). Null when the row no longer exists.
   */
  guestName?: string | null;
  companyName?: string | null;
  actorName?: string | null;
  clusterName?: string | null;
}

export const jobListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    status: z.enum(JOB_STATUSES).optional(),
    guestId: z.string().uuid().optional(),
    companyId: z.string().uuid().optional(),
  })
  .strict();
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

export interface JobPage {
  items: JobDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** WebSocket message type for job changes: `{ type: 'job.updated', payload: JobDto }`. */
export const JOB_UPDATED_EVENT = 'job.updated';
