import type { JobDto, JobLogLine, JobStatus } from '@multpanel/contracts';

/** A tracked operation as the API reports it. */
export type Job = JobDto;
export type { JobLogLine, JobStatus };

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
export function jobErrorText(job: Pick<Job, 'error'>): string | null {
  return job.error || null;
}
