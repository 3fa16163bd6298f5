import { z } from 'zod';

// Self-update (System → Updates): releases are annotated tags vX.Y.Z; the update engine
// (scripts/update/engine.mjs) runs outside the API and reports progress as live events.

/** Live event (super_admin only): a log line or the run's new state. */
export const SYSTEM_UPDATE_EVENT = 'system.update';

export const updateVersionSchema = z
  .string()
  .trim()
  .regex(/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'must be a version like 1.2.3');

export const executeUpdateSchema = z.object({ version: updateVersionSchema }).strict();
export type ExecuteUpdateInput = z.infer<typeof executeUpdateSchema>;

export interface Pm2ProcessView {
  name: string;
  pmId: number;
  pid: number;
  status: string;
  mode: string | null;
  restarts: number;
  uptimeSince: string | null;
  memoryBytes: number | null;
}

export type UpdateRunStatus =
  'running' | 'succeeded' | 'failed' | 'rolled_back' | 'rollback_failed';

export interface UpdateRunStep {
  name: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  error?: string;
  /** Why a `skipped` step did not run. */
  reason?: string;
}

export interface UpdateRelease {
  version: string;
  commit: string;
  tag?: string;
}

export interface UpdateRun {
  id: string;
  kind: 'update' | 'rollback';
  status: UpdateRunStatus;
  from: UpdateRelease;
  to: UpdateRelease & { sourceRunId?: string };
  actor: { type: string; userId?: string | null; email?: string | null; user?: string };
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  steps: UpdateRunStep[];
  backup: string | null;
  error?: string;
  rolledBackBy?: string;
}

export interface UpdateLogEntry {
  seq: number;
  at: string;
  step: string | null;
  line: string;
}

export interface UpdateRunDetail {
  run: UpdateRun;
  log: UpdateLogEntry[];
}

export interface UpdateInfo {
  version: string;
  commit: string;
  tag: string | null;
  installPath: string;
  remote: string;
  lastUpdate: UpdateRun | null;
  activeRunId: string | null;
  node: string;
  mariadb: string | null;
  redis: string | null;
  pm2: Pm2ProcessView[];
}

export interface AvailableRelease {
  tag: string;
  version: string;
  commit: string;
  date: string;
  subject: string;
  prerelease: boolean;
}

export interface UpdateCheck {
  current: string;
  latest: string | null;
  available: AvailableRelease[];
  checkedAt: string;
}

export interface ChangelogSection {
  version: string;
  title: string;
  body: string;
}

export interface UpdateChangelog {
  from: string;
  to: string;
  sections: ChangelogSection[];
}

export interface UpdateStarted {
  runId: string;
}

export type UpdateEventPayload =
  | { runId: string; kind: 'log'; entry: UpdateLogEntry }
  | { runId: string; kind: 'run'; run: UpdateRun };
