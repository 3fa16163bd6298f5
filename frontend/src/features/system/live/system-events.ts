import { useEffect, useRef } from 'react';
import { connectLiveEvents } from '@/features/jobs/live/events-socket';

/**
 * The System pages' one dependency on the live-events socket: subscribe to one event type. When the
 * shared socket in lib/ offers `subscribe(type)`, only this file changes.
 */
export function useSystemEvent<T>(
  type: string,
  onPayload: (payload: T) => void,
  onStatus?: (connected: boolean) => void,
): void {
  const handler = useRef(onPayload);
  const status = useRef(onStatus);
  handler.current = onPayload;
  status.current = onStatus;
  useEffect(
    () =>
      connectLiveEvents(
        (message) => {
          if (message.type === type) handler.current(message.payload as T);
        },
        (connected) => status.current?.(connected),
      ),
    [type],
  );
}
