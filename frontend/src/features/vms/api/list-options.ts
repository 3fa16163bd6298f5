import { useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

export interface Option {
  id: string;
  name: string;
}

/** Companies for the staff filter and the wizard (the API scopes the list to the caller). */
export const useCompanyOptions = (enabled: boolean) =>
  useQuery({
    queryKey: ['companies', 'options'] as const,
    queryFn: async () =>
      (await api.get<Paged<Option>>('/companies', { query: { page: 1, pageSize: 100 } })).items,
    enabled,
    staleTime: 60_000,
  });

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
