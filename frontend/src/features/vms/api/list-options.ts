import { useQuery } from '@tanstack/react-query';
import type { ClusterView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

/** A cluster picker entry. */
export type Option = Pick<ClusterView, 'id' | 'name'>;

/** Clusters for filters and manual placement (staff only: needs cluster.read). */
export const useClusterOptions = (enabled: boolean) =>
  useQuery({
    queryKey: ['clusters', 'options'] as const,
    queryFn: async (): Promise<Option[]> =>
      (await api.get<ClusterView[]>('/clusters')).map(({ id, name }) => ({ id, name })),
    enabled,
    staleTime: 60_000,
  });
