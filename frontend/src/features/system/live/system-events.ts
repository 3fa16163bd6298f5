import { useEffect, useRef } from 'react';
import type { LiveEventPayloads, LiveEventType } from '@/lib/live-events';
import { useLiveConnected, useLiveEvent } from '@/lib/use-live-event';

/**
 * The System pages' one dependency on the tab's live-events socket: one event type, and whether
 * the feed is up (the pages reload when it comes back).
 */
export function useSystemEvent<T extends LiveEventType>(
  type: T,
  onPayload: (payload: LiveEventPayloads[T]) => void,
  onStatus?: (connected: boolean) => void,
): void {
  useLiveEvent(type, onPayload);
  const connected = useLiveConnected();
  const status = useRef(onStatus);
  useEffect(() => {
    status.current = onStatus;
  });
  useEffect(() => status.current?.(connected), [connected]);
}
