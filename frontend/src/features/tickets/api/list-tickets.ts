import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketListQuery, TicketPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export type ListTicketsParams = Partial<TicketListQuery>;

export const listTickets = (params: ListTicketsParams): Promise<TicketPage> =>
  api.get<TicketPage>('/tickets', { query: { ...params } });

export const listTicketsQueryOptions = (params: ListTicketsParams) =>
  queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: () => listTickets(params),
    placeholderData: keepPreviousData,
  });

export const useTickets = (params: ListTicketsParams) => useQuery(listTicketsQueryOptions(params));
