import type { JobName, JobPayloads, PlainJobName, TrackedJobName } from '@multpanel/contracts';
import type { Job as BullJob } from 'bullmq';
import type { AppConfig } from '../../config/app-config';
import type { JobFailure, JobRunContext } from './job-context';

export const ON_JOB = 'mp:on-job';
export const ON_JOB_FAILED = 'mp:on-job-failed';

/** The signature a handler of job `N` must have: tracked jobs get the run context, plain ones the payload. */
export type JobHandlerFn<N extends JobName> = N extends TrackedJobName
  ? (ctx: JobRunContext<N>) => Promise<unknown>
  : N extends PlainJobName
    ? (payload: JobPayloads[N], job: BullJob<JobPayloads[N]>) => Promise<unknown>
    : never;

export interface OnJobOptions {
  /**
   * Recurring jobs only: whether this process should keep the job's scheduler. When it answers
   * false the scheduler is removed (e.g. the demo estate outside DEMO_MODE).
   */
  scheduleWhen?: (config: AppConfig) => boolean;
}

export interface OnJobMeta {
  name: JobName;
  options: OnJobOptions;
}

/**
 * Marks a provider method as THE handler of one catalog job; the worker finds it by discovery. The
 * provider must be registered by the owning module's `forWorker()` module (never in the API).
 */
export function OnJob<N extends JobName>(name: N, options: OnJobOptions = {}) {
  return <F extends JobHandlerFn<N>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    Reflect.defineMetadata(ON_JOB, { name, options } satisfies OnJobMeta, descriptor.value!);
  };
}

/**
 * Marks the failure hook of one or more tracked jobs: runs after the handler threw, before the row
 * is marked failed, to undo reservations (quota, placeholder guest, a half-made VM). Errors in it
 * are logged.
 */
export function OnJobFailed<N extends TrackedJobName>(...names: [N, ...N[]]) {
  return <F extends (failure: JobFailure<N>) => Promise<unknown>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    Reflect.defineMetadata(ON_JOB_FAILED, names, descriptor.value!);
  };
}
