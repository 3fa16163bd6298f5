import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketDto, TicketUpdateInput } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export const updateTicket = ({ id, ...input }: TicketUpdateInput & { id: string }) =>
  api.patch<TicketDto>(`/tickets/${encodeURIComponent(id)}`, input);

export function useUpdateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateTicket,
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      return queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}
