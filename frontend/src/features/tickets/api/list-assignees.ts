import { useQuery } from '@tanstack/react-query';
import type { TicketPerson } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export const listAssignees = (): Promise<TicketPerson[]> =>
  api.get<TicketPerson[]>('/tickets/assignees');

export const useAssignees = (enabled: boolean) =>
  useQuery({ queryKey: ticketKeys.assignees, queryFn: listAssignees, enabled, staleTime: 60_000 });
