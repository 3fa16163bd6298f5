import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { IpAddressFilter, IpAddressPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export interface ListAddressesParams {
  page: number;
  pageSize: number;
  status?: IpAddressFilter;
  search?: string;
}

/** A page by number, or (with `cursor`, the previous page's nextCursor) the page after it. */
export const listAddresses = (
  rangeId: string,
  params: ListAddressesParams,
  cursor?: string,
): Promise<IpAddressPage> =>
  api.get<IpAddressPage>(`/ipam/ranges/${encodeURIComponent(rangeId)}/addresses`, {
    query: cursor ? { ...params, page: undefined, cursor } : { ...params },
  });

/**
 * A range's address table. Walking forward, page n+1 is read by page n's `nextCursor` (keyset: a
 * deep page costs what the first does and an address taken meanwhile does not shift it); a page
 * opened from the URL or after a filter change is read by number.
 */
export function useAddresses(rangeId: string, params: ListAddressesParams) {
  const cursors = useRef(new Map<string, string>());
  const list = JSON.stringify([rangeId, params.status, params.search, params.pageSize]);
  const cursor = cursors.current.get(`${list}#${params.page}`);
  const query = useQuery({
    queryKey: ipamKeys.addresses(rangeId, params),
    queryFn: () => listAddresses(rangeId, params, cursor),
    placeholderData: keepPreviousData,
  });
  const next = query.isPlaceholderData ? null : (query.data?.nextCursor ?? null);
  useEffect(() => {
    if (next) cursors.current.set(`${list}#${params.page + 1}`, next);
  }, [list, next, params.page]);
  return query;
}
