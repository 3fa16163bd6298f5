import { useEffect, useState } from 'react';
import { apiStream } from '@/lib/api-client';

/** Keeps the last this-many lines on screen. */
const KEEP = 500;

/**
 * Reads GET /deployments/:id/app-logs/stream (server-sent events: one JSON string per `data:`
 * line; `event: end` / `event: error` close it) while `on` is true.
 */
export async function readAppLogStream(
  id: string,
  signal: AbortSignal,
  onLine: (line: string) => void,
  onEnd: (error: string | null) => void,
): Promise<void> {
  const res = await apiStream(
    `/deployments/${encodeURIComponent(id)}/app-logs/stream`,
    { lines: 100 },
    signal,
  );
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return onEnd(null);
    buf += value;
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (data === undefined) continue;
      const parsed = JSON.parse(data) as unknown;
      if (event === 'message' && typeof parsed === 'string') onLine(parsed);
      else if (event === 'error') return onEnd((parsed as { message?: string }).message ?? 'error');
      else if (event === 'end') return onEnd(null);
    }
  }
}

export function useAppLogStream(id: string, on: boolean) {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!on) return;
    const ac = new AbortController();
    setLines([]);
    setError(null);
    setLive(true);
    readAppLogStream(
      id,
      ac.signal,
      (line) => setLines((l) => [...l.slice(-(KEEP - 1)), line]),
      (err) => {
        setError(err);
        setLive(false);
      },
    ).catch((err: unknown) => {
      if (ac.signal.aborted) return;
      setError(err instanceof Error ? err.message : String(err));
      setLive(false);
    });
    return () => {
      ac.abort();
      setLive(false);
    };
  }, [id, on]);
  return { lines, error, live };
}
