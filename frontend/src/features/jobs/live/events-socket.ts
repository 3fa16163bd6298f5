import { appConfig } from '@/config/app-config';
import { refreshSession } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';

/** One message of GET /api/events. */
export interface LiveMessage {
  type: string;
  payload: unknown;
}

const CLOSE_UNAUTHORIZED = 4401;
const MAX_BACKOFF_MS = 15_000;

export function eventsUrl(token: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${appConfig.apiBase}/events?token=${encodeURIComponent(token)}`;
}

/**
 * Keeps one WebSocket to /api/events open while signed in: reconnects with backoff, and when the
 * server refuses the token (4401, it expired) refreshes the session first. Returns a stop function.
 */
export function connectLiveEvents(
  onMessage: (message: LiveMessage) => void,
  onStatus?: (connected: boolean) => void,
): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(open, delay);
  };

  function open() {
    if (stopped) return;
    const token = sessionStore.accessToken();
    if (!token) return;
    const ws = new WebSocket(eventsUrl(token, window.location));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onStatus?.(true);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      try {
        const message = JSON.parse(event.data) as LiveMessage;
        if (message && typeof message.type === 'string') onMessage(message);
      } catch {
        // Not ours to crash on: a malformed frame is ignored.
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket === ws) socket = null;
      onStatus?.(false);
      if (stopped) return;
      attempt += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 5));
      if (event.code === CLOSE_UNAUTHORIZED) {
        void refreshSession().then((payload) => (payload ? schedule(0) : undefined));
      } else {
        schedule(backoff);
      }
    };
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close(1000, 'bye');
    socket = null;
  };
}
