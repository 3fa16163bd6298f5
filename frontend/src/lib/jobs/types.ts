import type { JobDto, JobListQuery, JobLogLine, JobStatus } from '@multpanel/contracts';
import { JOB_STATUSES } from '@multpanel/contracts/job-statuses';

/** A tracked operation as the API reports it (GET /api/jobs, `job.updated` pushes, 202 answers). */
export type Job = JobDto;
export type { JobLogLine, JobStatus };
export type JobListParams = JobListQuery;
export { JOB_STATUSES };

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (status: JobStatus | undefined): boolean =>
  !!status && TERMINAL_STATUSES.includes(status);

export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => ['jobs', 'list'] as const,
  list: (params: JobListParams) => ['jobs', 'list', params] as const,
  detail: (id: string) => ['jobs', 'detail', id] as const,
};

/** The error text of a failed job, or null. */
export function jobErrorText(job: Pick<Job, 'error'>): string | null {
  return job.error || null;
}

/** Any answer that started tracked work: `{ job, … }` (202 of VM routes, scans, key rotation). */
export const isJobAccepted = (value: unknown): value is { job: Job } =>
  !!value &&
  typeof value === 'object' &&
  'job' in value &&
  typeof (value as { job?: Job }).job?.id === 'string';
