import {
  SYSTEM_UPDATE_EVENT,
  type UpdateLogEntry,
  type UpdateRun,
} from '@multpanel/contracts/system-update';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getUpdateRun } from '../api/updates';
import { useSystemEvent } from './system-events';

export interface LiveRun {
  run: UpdateRun | null;
  log: UpdateLogEntry[];
  connected: boolean;
}

/**
 * One update run, live: its state and log are read once (so a page reload shows everything so far),
 * then follow the events socket; after a reconnect (the API restarted during the update) the lines
 * missed meanwhile are read again.
 */
export function useLiveRun(runId: string | null): LiveRun {
  const [run, setRun] = useState<UpdateRun | null>(null);
  const [log, setLog] = useState<UpdateLogEntry[]>([]);
  const [connected, setConnected] = useState(false);
  const seen = useRef(new Set<number>());

  // Merged by sequence number, not by a high-water mark: a live line can arrive before the read that
  // carries the lines just before it, and those must not be dropped.
  const append = useCallback((entries: UpdateLogEntry[]) => {
    const fresh = entries.filter((e) => !seen.current.has(e.seq));
    if (!fresh.length) return;
    for (const e of fresh) seen.current.add(e.seq);
    setLog((prev) => [...prev, ...fresh].sort((a, b) => a.seq - b.seq));
  }, []);

  const reload = useCallback(async () => {
    if (!runId) return;
    try {
      const detail = await getUpdateRun(runId);
      setRun(detail.run);
      append(detail.log);
    } catch {
      // The API may be restarting; the next reconnect reads again.
    }
  }, [runId, append]);

  useEffect(() => {
    seen.current = new Set();
    setLog([]);
    setRun(null);
    void reload();
  }, [reload]);

  useSystemEvent(
    SYSTEM_UPDATE_EVENT,
    (payload) => {
      if (payload.runId !== runId) return;
      if (payload.kind === 'log') append([payload.entry]);
      else setRun(payload.run);
    },
    (up) => {
      setConnected(up);
      if (up) void reload();
    },
  );

  return { run, log, connected };
}
