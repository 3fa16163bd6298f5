import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { appConfig } from '@/config/app-config';
import { refreshSession } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';
import { applyClusterHealthEvent, isClusterHealthEvent } from './apply-health-event';

const CLOSE_UNAUTHORIZED = 4401;

function socketUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${appConfig.apiBase}/events?token=${encodeURIComponent(token)}`;
}

/**
 * While a clusters screen is open, listens on /api/events for `cluster.health` and patches the
 * cache. Reconnects with back-off; an expired token (close 4401) is refreshed first. Returns
 * whether the live feed is connected, so the page can say when it falls back to polling.
 * Health events go to platform administrators only, so other readers pass `enabled = false`.
 */
export function useClusterHealthLive(enabled = true): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled) return undefined;
    let socket: WebSocket | null = null;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const retry = (delay: number) => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(open, delay);
    };

    function open() {
      const token = sessionStore.accessToken();
      if (stopped || !token) return;
      const ws = new WebSocket(socketUrl(token));
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setConnected(true);
      };
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return;
        try {
          const message = JSON.parse(event.data) as { type?: unknown; payload?: unknown };
          if (message.type === 'cluster.health' && isClusterHealthEvent(message.payload)) {
            applyClusterHealthEvent(queryClient, message.payload);
          }
        } catch {
          // A malformed frame is not worth dropping the feed for.
        }
      };
      ws.onclose = (event: CloseEvent) => {
        if (socket === ws) socket = null;
        setConnected(false);
        if (stopped) return;
        attempt += 1;
        if (event.code === CLOSE_UNAUTHORIZED) {
          void refreshSession().then((s) => (s ? retry(0) : undefined));
        } else {
          retry(Math.min(15_000, 500 * 2 ** Math.min(attempt, 5)));
        }
      };
    }

    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000, 'bye');
    };
  }, [queryClient, enabled]);

  return connected;
}
