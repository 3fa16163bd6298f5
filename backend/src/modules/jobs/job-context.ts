import type { TrackedJobName, TrackedJobParams } from '@multpanel/contracts';
import type { ProxmoxApi } from '../../common/proxmox';
import type { JobRow } from './jobs.repository';

export type JobState = Record<string, unknown>;

/** The task a step starts, as Proxmox lists it: UPID type (one of) and id (the VMID). */
export interface TaskMatch {
  vmid: number;
  types: readonly string[];
}

interface RunTaskRange {
  /** Progress range this task covers (0–95 by default). */
  from?: number;
  to?: number;
}

/**
 * How a step finds the task it started before a crash (between sending the request and storing its
 * UPID) or whose answer was lost, so it follows that task instead of starting it again: `task`
 * (looked up in the node's task list from the pending marker's time on, skipping tasks another job
 * follows) or a custom `adopt`.
 */
export type RunTaskOptions = RunTaskRange &
  (
    | { task: TaskMatch; adopt?: undefined }
    | { adopt: () => Promise<string | null>; task?: undefined }
  );

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
   * Start a Proxmox task once and follow it to the end. The UPID is stored (with its log line)
   * before waiting; a restarted worker resumes waiting on it. A start that may have reached Proxmox
   * (crash before the UPID was stored, lost or 5xx answer) looks for its task before sending again.
   * Reads while waiting survive passing faults; only the task's exit status decides.
   */
  runTask(
    step: string,
    api: ProxmoxApi,
    target: { clusterId: string; node: string },
    start: () => Promise<string | null>,
    opts: RunTaskOptions,
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
