import {
  LIVE_EVENTS_CLOSE_UNAUTHORIZED,
  type LiveEventPayloads,
  type LiveEventType,
} from '@multpanel/contracts/live-events';
import { appConfig } from '@/config/app-config';
import { refreshSession } from './api-client';
import { sessionStore } from './session-store';

export type { LiveEventPayloads, LiveEventType };
export type LiveEventHandler<T extends LiveEventType> = (payload: LiveEventPayloads[T]) => void;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

export function eventsUrl(token: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${appConfig.apiBase}/events?token=${encodeURIComponent(token)}`;
}

/**
 * Wait before reconnect attempt `attempt` (1, 2, …): exponential up to 15 s, the upper half of the
 * window chosen at random so that every tab does not come back at once after an API restart.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    MAX_DELAY_MS,
    BASE_DELAY_MS * 2 ** Math.min(Math.max(attempt, 1) - 1, 5),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/*
 * The tab's one connection to /api/events. It is open while somebody subscribes and a user is
 * signed in; it reconnects with back-off, refreshes an expired token first (close 4401), and
 * reopens for the new user when the session changes hands. Features never open their own socket.
 */
const handlers = new Map<string, Set<(payload: unknown) => void>>();
const statusListeners = new Set<() => void>();
let socket: WebSocket | null = null;
let socketUserId: string | null = null;
let connected = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let stopSessionWatch: (() => void) | null = null;

const subscriberCount = () => [...handlers.values()].reduce((n, set) => n + set.size, 0);
const signedInUser = () => {
  const session = sessionStore.getState();
  return session.status === 'authenticated' ? session.user.id : null;
};
const wanted = () => subscriberCount() > 0 && signedInUser() !== null;

function setConnected(next: boolean): void {
  if (connected === next) return;
  connected = next;
  for (const listener of statusListeners) listener();
}

function dispatch(raw: unknown): void {
  if (typeof raw !== 'string') return;
  let message: { type?: unknown; payload?: unknown };
  try {
    message = JSON.parse(raw) as typeof message;
  } catch {
    return; // A malformed frame is not worth dropping the feed for.
  }
  if (!message || typeof message.type !== 'string') return;
  for (const handler of handlers.get(message.type) ?? []) {
    try {
      handler(message.payload);
    } catch (err) {
      // One broken consumer must not starve the others; the error still surfaces.
      setTimeout(() => {
        throw err;
      });
    }
  }
}

function open(): void {
  const token = sessionStore.accessToken();
  if (socket || !token || !wanted()) return;
  const ws = new WebSocket(eventsUrl(token, window.location));
  socket = ws;
  socketUserId = signedInUser();
  ws.onopen = () => {
    if (socket !== ws) return;
    attempt = 0;
    setConnected(true);
  };
  ws.onmessage = (event: MessageEvent) => {
    if (socket === ws) dispatch(event.data);
  };
  ws.onclose = (event: CloseEvent) => {
    if (socket !== ws) return;
    socket = null;
    setConnected(false);
    reconnectAfter(event.code);
  };
}

function retryIn(delay: number): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    open();
  }, delay);
}

function reconnectAfter(code: number): void {
  if (!wanted()) return;
  attempt += 1;
  if (code !== LIVE_EVENTS_CLOSE_UNAUTHORIZED) return retryIn(reconnectDelay(attempt));
  // The token expired while we were away: a fresh one first (the session listener reconnects).
  void refreshSession().then((session) => {
    if (!session && !socket) retryIn(reconnectDelay(attempt));
  });
}

function disconnect(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  attempt = 0;
  const ws = socket;
  socket = null;
  socketUserId = null;
  setConnected(false);
  ws?.close(1000, 'bye');
}

/** Brings the connection in line with subscribers and session; safe to call at any time. */
function reconcile(): void {
  if (!wanted()) return disconnect();
  // Another user signed in: their scope differs, so their events need their own connection.
  if (socket && socketUserId !== signedInUser()) disconnect();
  if (!socket && retryTimer === undefined) open();
}

function onBrowserOnline(): void {
  if (!socket && retryTimer !== undefined) retryIn(0);
}

/**
 * Calls `handler` with the payload of every `type` message pushed to this tab; returns the
 * unsubscribe function. The first subscriber opens the connection, the last one closes it.
 */
export function subscribe<T extends LiveEventType>(
  type: T,
  handler: LiveEventHandler<T>,
): () => void {
  if (!stopSessionWatch) {
    stopSessionWatch = sessionStore.subscribe(reconcile);
    window.addEventListener('online', onBrowserOnline);
  }
  // Wrapped, so the same function subscribed twice counts twice.
  const own = (payload: unknown) => handler(payload as LiveEventPayloads[T]);
  const set = handlers.get(type) ?? new Set();
  set.add(own);
  handlers.set(type, set);
  clearTimeout(idleTimer);
  reconcile();
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    set.delete(own);
    if (set.size === 0) handlers.delete(type);
    // Grace of one task: a page swap unsubscribes and resubscribes without reconnecting.
    clearTimeout(idleTimer);
    idleTimer = setTimeout(reconcile, 0);
  };
}

/** Whether the live feed is up (pages say so when they fall back to polling). */
export const isLiveConnected = (): boolean => connected;

export function onLiveStatusChange(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** Test hook: forget every subscriber and close the connection. */
export function resetLiveEvents(): void {
  handlers.clear();
  clearTimeout(idleTimer);
  disconnect();
  stopSessionWatch?.();
  stopSessionWatch = null;
  window.removeEventListener('online', onBrowserOnline);
}
