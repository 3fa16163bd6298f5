import { useQueryClient } from '@tanstack/react-query';
import { useLiveConnected, useLiveEvent } from '@/lib/use-live-event';
import { applyClusterHealthEvent, isClusterHealthEvent } from './apply-health-event';

/**
 * While a clusters screen is open, applies pushed `cluster.health` messages to the cache (over the
 * tab's one live-events connection). Returns whether the live feed is up, so the page can say when
 * it falls back to polling. Health events go to platform administrators only, so other readers
 * pass `enabled = false`.
 */
export function useClusterHealthLive(enabled = true): boolean {
  const queryClient = useQueryClient();
  useLiveEvent(
    'cluster.health',
    (event) => {
      if (isClusterHealthEvent(event)) applyClusterHealthEvent(queryClient, event);
    },
    enabled,
  );
  return useLiveConnected() && enabled;
}
