import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { pveKeys, type PveApiEndpointSummary } from './types';

export const searchPveEndpoints = (search: string, page: number) =>
  api.get<Paged<PveApiEndpointSummary>>('/pve-api/endpoints', {
    query: { search, page, pageSize: 50 },
  });

export const useSearchPveEndpoints = (search: string, page = 1) =>
  useQuery({
    queryKey: pveKeys.search({ search, page }),
    queryFn: () => searchPveEndpoints(search, page),
    enabled: search.length > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
