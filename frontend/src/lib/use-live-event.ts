import { useEffect, useRef, useSyncExternalStore } from 'react';
import {
  isLiveConnected,
  onLiveStatusChange,
  subscribe,
  type LiveEventHandler,
  type LiveEventType,
} from './live-events';

/**
 * Runs `handler` for every pushed `type` message while the component is mounted (and `enabled`).
 * The latest handler is used, so callers need not memoise it.
 */
export function useLiveEvent<T extends LiveEventType>(
  type: T,
  handler: LiveEventHandler<T>,
  enabled = true,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () => (enabled ? subscribe(type, (payload) => latest.current(payload)) : undefined),
    [type, enabled],
  );
}

/** Whether the tab's live-events connection is up. */
export const useLiveConnected = (): boolean =>
  useSyncExternalStore(onLiveStatusChange, isLiveConnected, isLiveConnected);
