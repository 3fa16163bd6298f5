import { setTimeout as delay } from 'node:timers/promises';
import type { ProxmoxClient } from './proxmox.client';
import { pvePath } from './proxmox.client';
import { isPassingFault, ProxmoxError, ProxmoxTaskFailedError } from './proxmox.errors';
import { toInt, toStr } from './lenient';
import { parseUpid } from './upid';

export interface TaskProgress {
  upid: string;
  status: 'running' | 'stopped';
  /** New log lines since the previous report. */
  lines: string[];
  /** Last percentage seen in the log (qmclone, vzdump, migrate and restore print one). */
  percent?: number;
}

export interface TaskResult {
  upid: string;
  exitStatus: string;
  /** `WARNINGS: n` still counts as success. */
  warnings: number;
  log: string[];
}

export interface WaitForTaskOptions {
  onProgress?: (p: TaskProgress) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
  intervalMs?: number;
  /** Keep at most this many log lines in the result (the tail). */
  keepLines?: number;
  /**
   * How long status or log reads may keep failing with passing faults (5xx, time-outs, resets)
   * before giving up; meanwhile they are retried with back-off. Default 10 minutes.
   */
  faultToleranceMs?: number;
}

const PERCENT_RE = /(\d{1,3}(?:\.\d+)?)\s*%/;
const FAULT = Symbol('passing fault');

/** Poll a task's status and log until it stops; throws ProxmoxTaskFailedError on a failed task. */
export async function waitForTask(
  client: ProxmoxClient,
  upid: string,
  opts: WaitForTaskOptions = {},
): Promise<TaskResult> {
  const { node } = parseUpid(upid);
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 30 * 60 * 1000;
  const intervalMs = opts.intervalMs ?? 1000;
  const keep = opts.keepLines ?? 200;
  const log: string[] = [];
  let nextLine = 0;
  let percent: number | undefined;

  // Lines read but not reported yet (a failed page keeps what the earlier pages brought).
  let unreported: string[] = [];
  const readLog = async (): Promise<string[]> => {
    // Page through new lines; `start` is zero-based and `n` one-based in the answer.
    for (let page = 0; page < 20; page++) {
      const res = await client.request<Array<{ n: unknown; t: unknown }>>(
        'GET',
        pvePath`/nodes/${node}/tasks/${upid}/log`,
        { start: nextLine, limit: 500 },
        { signal: opts.signal },
      );
      const items = Array.isArray(res.data) ? res.data : [];
      for (const item of items) {
        const n = toInt(item.n) ?? nextLine + 1;
        if (n <= nextLine) continue;
        nextLine = n;
        const text = toStr(item.t) ?? '';
        if (text === 'no content') continue;
        unreported.push(text);
        const m = PERCENT_RE.exec(text);
        if (m) percent = Math.min(100, Number(m[1]));
        log.push(text);
      }
      if (items.length < 500) break;
    }
    if (log.length > keep) log.splice(0, log.length - keep);
    const fresh = unreported;
    unreported = [];
    return fresh;
  };

  // Only the task's own exit status decides: a failed read is retried with back-off until the
  // fault tolerance is spent (measured from the last successful read).
  const tolerance = opts.faultToleranceMs ?? 10 * 60 * 1000;
  let lastOk = Date.now();
  let faults = 0;
  const read = async <T>(fn: () => Promise<T>): Promise<T | typeof FAULT> => {
    try {
      const v = await fn();
      lastOk = Date.now();
      faults = 0;
      return v;
    } catch (err) {
      if (opts.signal?.aborted || !isPassingFault(err) || Date.now() - lastOk > tolerance)
        throw err;
      faults++;
      const backoff = Math.min(5_000, intervalMs * 2 ** Math.min(faults, 6));
      await delay(backoff, undefined, { signal: opts.signal }).catch(() => undefined);
      return FAULT;
    }
  };

  for (;;) {
    if (opts.signal?.aborted) throw new ProxmoxError('PVE_ABORTED', 'Stopped waiting for the task');
    const status = await read(() =>
      client.get<{ status?: unknown; exitstatus?: unknown }>(
        pvePath`/nodes/${node}/tasks/${upid}/status`,
        {},
        { signal: opts.signal },
      ),
    );
    if (status === FAULT) continue;
    const running = toStr(status?.status) !== 'stopped';
    const fresh = opts.onProgress || !running ? await read(readLog) : [];
    if (fresh === FAULT) continue;
    opts.onProgress?.({ upid, status: running ? 'running' : 'stopped', lines: fresh, percent });
    if (!running) {
      const exit = toStr(status?.exitstatus) ?? 'unknown';
      const warn = /^WARNINGS:\s*(\d+)/.exec(exit);
      if (exit === 'OK' || warn) {
        return { upid, exitStatus: exit, warnings: warn ? Number(warn[1]) : 0, log };
      }
      throw new ProxmoxTaskFailedError(upid, exit, log.slice(-20));
    }
    if (Date.now() - started > timeoutMs) {
      throw new ProxmoxError(
        'PVE_TIMEOUT',
        `The Proxmox task is still running after ${Math.round(timeoutMs / 1000)} s`,
        { path: upid },
      );
    }
    await delay(intervalMs, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}
