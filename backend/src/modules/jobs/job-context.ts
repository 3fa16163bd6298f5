import type { TrackedJobName, TrackedJobParams } from '@multpanel/contracts';
import type { ProxmoxApi } from '../../common/proxmox';
import type { JobRow } from './jobs.repository';

export type JobState = Record<string, unknown>;

export interface RunTaskOptions {
  /** Progress range this task covers (0–95 by default). */
  from?: number;
  to?: number;
  /**
   * Finds the task this step started before a crash (between sending the request and storing its
   * UPID), so a restarted worker follows it instead of starting it again.
   */
  adopt?: () => Promise<string | null>;
}

/** What a tracked job's handler gets: typed params, checkpoints, progress/log writers, task runner. */
export interface JobRunContext<N extends TrackedJobName = TrackedJobName> {
  readonly job: JobRow;
  readonly params: TrackedJobParams[N];
  /** Checkpoints that survive a worker restart (stored in Job.result.state). */
  readonly state: JobState;
  /** Aborted when the worker stops without finishing (kill, shutdown of a test worker). */
  readonly signal: AbortSignal;
  save(lines?: string[]): Promise<void>;
  progress(pct: number, message?: string, lines?: string[]): Promise<void>;
  log(lines: string[]): Promise<void>;
  /**
   * Start a Proxmox task once and follow it to the end. The UPID is stored before waiting; a
   * restarted worker finds it and resumes waiting instead of starting the task again.
   */
  runTask(
    step: string,
    api: ProxmoxApi,
    target: { clusterId: string; node: string },
    start: () => Promise<string | null>,
    opts?: RunTaskOptions,
  ): Promise<void>;
}

/** What an `@OnJobFailed` hook gets after the handler threw (the row is marked failed after it). */
export interface JobFailure<N extends TrackedJobName = TrackedJobName> {
  readonly job: JobRow;
  readonly params: TrackedJobParams[N];
  /** The checkpoints as they were when the handler failed. */
  readonly state: JobState;
  readonly error: string;
}
