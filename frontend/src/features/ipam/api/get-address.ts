import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IpAddressDetail } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const getAddress = (id: string): Promise<IpAddressDetail> =>
  api.get<IpAddressDetail>(`/ipam/addresses/${encodeURIComponent(id)}`);

export const addressQueryOptions = (id: string) =>
  queryOptions({ queryKey: ipamKeys.address(id), queryFn: () => getAddress(id) });

export const useAddress = (id: string | null) =>
  useQuery({ ...addressQueryOptions(id ?? ''), enabled: !!id });
