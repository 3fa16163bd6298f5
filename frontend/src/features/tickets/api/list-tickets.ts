import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TicketListQuery, TicketPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export type ListTicketsParams = Partial<Omit<TicketListQuery, 'cursor'>>;

/** A page by number, or (with `cursor`, the previous page's nextCursor) the page after it. */
export const listTickets = (params: ListTicketsParams, cursor?: string): Promise<TicketPage> =>
  api.get<TicketPage>('/tickets', {
    query: cursor ? { ...params, page: undefined, cursor } : { ...params },
  });

export const listTicketsQueryOptions = (params: ListTicketsParams, cursor?: string) =>
  queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: () => listTickets(params, cursor),
    placeholderData: keepPreviousData,
  });

/**
 * The tickets list. Walking forward, page n+1 is read by page n's `nextCursor` (keyset: a deep page
 * costs what the first does, and a ticket updated meanwhile does not shift it); a page opened from
 * the URL or after a filter change is read by number.
 */
export function useTickets(params: ListTicketsParams) {
  const cursors = useRef(new Map<string, string>());
  const { page = 1, ...filters } = params;
  const list = JSON.stringify(filters);
  const cursor = cursors.current.get(`${list}#${page}`);
  const query = useQuery(listTicketsQueryOptions(params, cursor));
  const next = query.isPlaceholderData ? null : (query.data?.nextCursor ?? null);
  useEffect(() => {
    if (next) cursors.current.set(`${list}#${page + 1}`, next);
  }, [list, next, page]);
  return query;
}
