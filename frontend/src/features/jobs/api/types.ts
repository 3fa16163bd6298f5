/** A tracked operation as the API reports it (`JobDto` in the jobs API). */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobLogLine {
  at?: string;
  line: string;
}

export interface Job {
  id: string;
  type: string;
  status: JobStatus;
  /** 0-100. */
  progress: number;
  message?: string | null;
  companyId?: string | null;
  actorId?: string | null;
  guestId?: string | null;
  clusterId?: string | null;
  upid?: string | null;
  node?: string | null;
  result?: unknown;
  error?: string | { code?: string; message?: string } | null;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** Only on GET /api/jobs/:id. */
  log?: Array<JobLogLine | string>;
}

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (status: JobStatus | undefined): boolean =>
  !!status && TERMINAL_STATUSES.includes(status);

export interface JobListParams {
  page: number;
  pageSize: number;
  status?: string;
  guestId?: string;
}

export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => ['jobs', 'list'] as const,
  list: (params: JobListParams) => ['jobs', 'list', params] as const,
  detail: (id: string) => ['jobs', 'detail', id] as const,
};

/** The error text of a failed job, whatever shape the API used. */
export function jobErrorText(job: Pick<Job, 'error' | 'message'>): string | null {
  if (!job.error) return null;
  if (typeof job.error === 'string') return job.error;
  return job.error.message ?? job.error.code ?? null;
}
