import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketPerson } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export interface WatchTicketInput {
  ticketId: string;
  userId: string;
  /** true: add as a watcher; false: remove. */
  watch: boolean;
}

export async function watchTicket(input: WatchTicketInput): Promise<TicketPerson[] | void> {
  const base = `/tickets/${encodeURIComponent(input.ticketId)}/watchers`;
  if (input.watch) return api.post<TicketPerson[]>(base, { userId: input.userId });
  return api.delete(`${base}/${encodeURIComponent(input.userId)}`);
}

export function useWatchTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: watchTicket,
    onSettled: (_data, _error, input) =>
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(input.ticketId) }),
  });
}
