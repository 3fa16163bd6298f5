import type { TFunction } from 'i18next';
import type { Job } from './types';

/** "Create VM", "Start", … for a job type like `vm.create` or `vm.power.start`; unknown types as-is. */
export function jobTypeLabel(t: TFunction, job: Pick<Job, 'type'>): string {
  const key = job.type.replace(/[^a-zA-Z0-9]+/g, '_');
  return t(`jobs.types.${key}`, { defaultValue: job.type });
}
