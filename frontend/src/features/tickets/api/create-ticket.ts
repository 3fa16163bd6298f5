import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketCreateInput, TicketDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export type CreateTicketInput = Omit<TicketCreateInput, 'category' | 'priority'> &
  Partial<Pick<TicketCreateInput, 'category' | 'priority'>>;

export const createTicket = (input: CreateTicketInput): Promise<TicketDto> =>
  api.post<TicketDto>('/tickets', input);

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
