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
  const lastSeq = useRef(0);

  const append = useCallback((entries: UpdateLogEntry[]) => {
    const fresh = entries.filter((e) => e.seq > lastSeq.current).sort((a, b) => a.seq - b.seq);
    if (!fresh.length) return;
    lastSeq.current = fresh[fresh.length - 1].seq;
    setLog((prev) => [...prev, ...fresh]);
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
    lastSeq.current = 0;
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
