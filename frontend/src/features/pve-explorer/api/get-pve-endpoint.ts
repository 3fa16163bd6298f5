import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { pveKeys, type PveApiEndpointDetail, type PveHttpMethod } from './types';

export const getPveEndpoint = (method: PveHttpMethod, path: string) =>
  api.get<PveApiEndpointDetail>('/pve-api/endpoint', { query: { method, path } });

export const usePveEndpoint = (sel: { method: PveHttpMethod; path: string } | null) =>
  useQuery({
    queryKey: pveKeys.endpoint(sel?.method ?? '', sel?.path ?? ''),
    queryFn: () => getPveEndpoint(sel!.method, sel!.path),
    enabled: !!sel,
    staleTime: Infinity,
  });
