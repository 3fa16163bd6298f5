import { useQuery } from '@tanstack/react-query';
import type { ClusterView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

/** A cluster picker entry (staff: needs cluster.read). */
export type ClusterOption = Pick<ClusterView, 'id' | 'name'>;

/** Clusters for pickers and filters (several features share one cached list). */
export const useClusterOptions = (enabled: boolean) =>
  useQuery({
    queryKey: ['clusters', 'options'] as const,
    queryFn: async (): Promise<ClusterOption[]> =>
      (await api.get<ClusterView[]>('/clusters')).map(({ id, name }) => ({ id, name })),
    enabled,
    staleTime: 60_000,
  });
