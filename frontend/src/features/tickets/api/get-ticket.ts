import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export const getTicket = (id: string): Promise<TicketDto> =>
  api.get<TicketDto>(`/tickets/${encodeURIComponent(id)}`);

export const ticketQueryOptions = (id: string) =>
  queryOptions({ queryKey: ticketKeys.detail(id), queryFn: () => getTicket(id) });

export const useTicket = (id: string) => useQuery(ticketQueryOptions(id));
