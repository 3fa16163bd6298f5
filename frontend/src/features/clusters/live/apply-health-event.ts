import type { QueryClient } from '@tanstack/react-query';
import { clusterKeys, type ClusterHealthEvent, type ClusterView } from '../api/types';

const STATUSES = new Set(['unknown', 'online', 'degraded', 'offline']);

export const isClusterHealthEvent = (value: unknown): value is ClusterHealthEvent =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as ClusterHealthEvent).clusterId === 'string' &&
  STATUSES.has((value as ClusterHealthEvent).status);

/**
 * Writes a `cluster.health` message into the cached list and detail views, so the chip changes at
 * once. Only the fields the event carries change; averages and counts follow with the next poll.
 */
export function applyClusterHealthEvent(queryClient: QueryClient, event: ClusterHealthEvent) {
  const patch = (c: ClusterView): ClusterView =>
    c.id !== event.clusterId
      ? c
      : {
          ...c,
          health: {
            ...c.health,
            status: event.status,
            lastError: event.lastError,
            lastLatencyMs: event.latencyMs ?? c.health.lastLatencyMs,
            lastCheckAt: event.at,
            lastOkAt: event.status === 'offline' ? c.health.lastOkAt : event.at,
          },
        };
  queryClient.setQueryData<ClusterView[]>(clusterKeys.list(), (list) => list?.map(patch));
  queryClient.setQueryData<ClusterView>(clusterKeys.detail(event.clusterId), (c) =>
    c ? patch(c) : c,
  );
  void queryClient.invalidateQueries({ queryKey: clusterKeys.history(event.clusterId) });
}
