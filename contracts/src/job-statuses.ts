// Zod-free so the SPA's entry chunk can import it (`@multpanel/contracts/job-statuses`).
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
