import { useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

export interface Option {
  id: string;
  name: string;
}

/** Clusters for filters and manual placement (staff only: needs cluster.read). */
export const useClusterOptions = (enabled: boolean) =>
  useQuery({
    queryKey: ['clusters', 'options'] as const,
    queryFn: async () => {
      const body = await api.get<Option[] | Paged<Option>>('/clusters');
      return (Array.isArray(body) ? body : body.items).map((c) => ({ id: c.id, name: c.name }));
    },
    enabled,
    staleTime: 60_000,
  });
