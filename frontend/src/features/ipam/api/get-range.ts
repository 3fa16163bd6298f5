import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IpRangeView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const getRange = (id: string): Promise<IpRangeView> =>
  api.get<IpRangeView>(`/ipam/ranges/${encodeURIComponent(id)}`);

export const rangeQueryOptions = (id: string) =>
  queryOptions({ queryKey: ipamKeys.range(id), queryFn: () => getRange(id) });

export const useRange = (id: string) => useQuery(rangeQueryOptions(id));
