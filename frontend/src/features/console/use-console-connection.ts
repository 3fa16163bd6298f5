import type { ConsoleKind } from '@multpanel/contracts/console';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useErrorMessage } from '@/components/error-alert';
import { consoleSocketUrl, openConsole, type ConsoleTarget } from './api/open-console';
import { reconnectDelayMs, shouldReconnect, type ConsoleStatus } from './console-status';

/** A connection that stayed up this long resets the reconnect counter. */
const STABLE_MS = 10_000;

export interface ConsoleConnection {
  status: ConsoleStatus;
  kind: ConsoleKind | null;
  title: string | null;
  /** The live socket; viewers key on it (a reconnect brings a new one). */
  socket: WebSocket | null;
  markConnected(): void;
  reconnect(): void;
  disconnect(): void;
}

/**
 * Drives one console: fetch a one-time token, open the socket, and on an unexpected close fetch a
 * new token and reconnect with back-off, exposing a status a person can read.
 */
export function useConsoleConnection(
  target: ConsoleTarget,
  closeReason: (code: number, reason: string) => string,
): ConsoleConnection {
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<ConsoleStatus>({ state: 'connecting' });
  const [socket, setSocket] = useState<WebSocket | null>(null);
  const [meta, setMeta] = useState<{ kind: ConsoleKind; title: string } | null>(null);
  const attempt = useRef(0);
  const userClosed = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const connectedAt = useRef(0);
  const generation = useRef(0);
  const reasonText = useRef(closeReason);
  reasonText.current = closeReason;
  const targetKey = JSON.stringify(target);
  /** Makes pending token requests and close handlers of older sockets no-ops. */
  const invalidate = () => {
    generation.current++;
    clearTimeout(timer.current);
  };

  const connect = useCallback(async () => {
    const gen = ++generation.current;
    clearTimeout(timer.current);
    let session;
    try {
      session = await openConsole(JSON.parse(targetKey) as ConsoleTarget);
    } catch (error) {
      if (gen === generation.current) setStatus({ state: 'closed', reason: errorMessage(error) });
      return;
    }
    if (gen !== generation.current) return;
    setMeta({ kind: session.kind, title: session.title });
    const ws = new WebSocket(consoleSocketUrl(session.wsPath, window.location), ['binary']);
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('close', (event) => {
      if (gen !== generation.current) return;
      const stable = connectedAt.current > 0 && Date.now() - connectedAt.current >= STABLE_MS;
      if (stable) attempt.current = 0;
      connectedAt.current = 0;
      const reason = reasonText.current(event.code, event.reason);
      const next = attempt.current + 1;
      if (shouldReconnect(event.code, next, userClosed.current)) {
        attempt.current = next;
        setStatus({ state: 'reconnecting', attempt: next, reason });
        timer.current = setTimeout(() => void connect(), reconnectDelayMs(next));
      } else {
        setStatus({ state: 'closed', reason });
      }
    });
    setSocket(ws);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- errorMessage is stable in meaning
  }, [targetKey]);

  useEffect(() => {
    userClosed.current = false;
    attempt.current = 0;
    setStatus({ state: 'connecting' });
    void connect();
    return invalidate;
  }, [connect]);

  // Closing the page closes the socket (the viewer's cleanup does it too; this covers no viewer yet).
  useEffect(() => () => socket?.close(1000), [socket]);

  return {
    status,
    kind: meta?.kind ?? null,
    title: meta?.title ?? null,
    socket,
    markConnected: () => {
      connectedAt.current = Date.now();
      setStatus({ state: 'connected' });
    },
    reconnect: () => {
      userClosed.current = false;
      attempt.current = 0;
      setStatus({ state: 'connecting' });
      void connect();
    },
    disconnect: () => {
      userClosed.current = true;
      clearTimeout(timer.current);
      socket?.close(1000);
    },
  };
}
