import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { IpAddressFilter, IpAddressView } from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export interface ListAddressesParams {
  page: number;
  pageSize: number;
  status?: IpAddressFilter;
  search?: string;
}

export const listAddresses = (
  rangeId: string,
  params: ListAddressesParams,
): Promise<Paged<IpAddressView>> =>
  api.get<Paged<IpAddressView>>(`/ipam/ranges/${encodeURIComponent(rangeId)}/addresses`, {
    query: { ...params },
  });

export const listAddressesQueryOptions = (rangeId: string, params: ListAddressesParams) =>
  queryOptions({
    queryKey: ipamKeys.addresses(rangeId, params),
    queryFn: () => listAddresses(rangeId, params),
    placeholderData: keepPreviousData,
  });

export const useAddresses = (rangeId: string, params: ListAddressesParams) =>
  useQuery(listAddressesQueryOptions(rangeId, params));
