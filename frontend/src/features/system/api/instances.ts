import type { InstancesOverview } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const getInstances = () => api.get<InstancesOverview>('/system/instances');

/** Each row is a live health read of that installation; a minute's poll is fresh enough. */
export const useInstances = () =>
  useQuery({ queryKey: ['system-instances'], queryFn: getInstances, refetchInterval: 60_000 });
